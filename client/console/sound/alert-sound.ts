/**
 * The alarm tone of new critical alerts, generated with the Web Audio API (nothing is fetched).
 *
 * Browsers start an AudioContext created without a user gesture `suspended` (the autoplay rule):
 * the console then shows "click to enable sound" until the first click or key press, which
 * resumes it. Mute is the operator's choice and is remembered in localStorage.
 *
 * `state`: `on` (will sound), `muted` (the operator muted it), `blocked` (the browser has not
 * allowed sound yet, or has no Web Audio).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type SoundState = 'on' | 'muted' | 'blocked';

const MUTE_KEY = 'console.sound.muted';

export class AlertSound {
  readonly api: StoreApi<{ state: SoundState; tones: number }>;
  private readonly ctx: AudioContext | null;
  private muted: boolean;
  private readonly unlock = () => { void this.enable(); };

  constructor() {
    this.muted = readMuted();
    let ctx: AudioContext | null = null;
    try {
      ctx = typeof AudioContext === 'undefined' ? null : new AudioContext();
    } catch {
      ctx = null;
    }
    this.ctx = ctx;
    this.api = createStore(() => ({ state: this.compute(), tones: 0 }));
    ctx?.addEventListener('statechange', () => this.refresh());
    if (typeof document !== 'undefined') {
      document.addEventListener('pointerdown', this.unlock, true);
      document.addEventListener('keydown', this.unlock, true);
    }
  }

  get state(): SoundState {
    return this.api.getState().state;
  }

  /** Resume the audio context; call from a user gesture. */
  async enable(): Promise<void> {
    if (this.ctx && this.ctx.state === 'suspended') {
      try {
        await this.ctx.resume();
      } catch {
        // Still blocked: the banner stays.
      }
    }
    this.refresh();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    try {
      localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
    } catch {
      // Storage disabled: the choice lasts this session.
    }
    this.refresh();
  }

  /**
   * Two short beeps (880 Hz then 660 Hz, 0.18 s each, soft attack and release so it does not click).
   * Counted in `tones` whenever it actually sounds.
   */
  play(): void {
    const ctx = this.ctx;
    if (!ctx || this.muted || ctx.state !== 'running') return;
    const t0 = ctx.currentTime + 0.01;
    [880, 660].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const start = t0 + i * 0.22;
      osc.type = 'square';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(0.15, start + 0.02);
      gain.gain.setValueAtTime(0.15, start + 0.15);
      gain.gain.linearRampToValueAtTime(0, start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.2);
      osc.onended = () => { osc.disconnect(); gain.disconnect(); };
    });
    this.api.setState((s) => ({ tones: s.tones + 1 }));
  }

  dispose(): void {
    if (typeof document !== 'undefined') {
      document.removeEventListener('pointerdown', this.unlock, true);
      document.removeEventListener('keydown', this.unlock, true);
    }
    void this.ctx?.close().catch(() => undefined);
  }

  private compute(): SoundState {
    if (this.muted) return 'muted';
    return this.ctx?.state === 'running' ? 'on' : 'blocked';
  }

  private refresh(): void {
    const state = this.compute();
    if (state !== this.api.getState().state) this.api.setState({ state });
    if (this.ctx?.state === 'running' && typeof document !== 'undefined') {
      document.removeEventListener('pointerdown', this.unlock, true);
      document.removeEventListener('keydown', this.unlock, true);
    }
  }
}

function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}
