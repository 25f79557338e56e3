/**
 * One HLS stream played into one <video>: hls.js over Media Source Extensions (loaded on first use,
 * bundled: no CDN), or the browser's own HLS where there is no MSE (iOS Safari). Muted, so
 * autoplay is allowed. Its owner calls `dispose()`; nothing of it outlives that (wall screens run
 * for weeks): the Hls instance is destroyed, its timers cleared, the element emptied.
 *
 * A failure (hls.js fatal error, the element's error) is retried after each of `retryDelaysMs`;
 * when they are spent the stream is "unreachable" and tried once more every `reattemptMs`, quietly,
 * until it plays again.
 */
import type HlsType from 'hls.js';
// The transmuxer's worker script, served from here (the ESM build of hls.js has no inline worker).
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url';

export type StreamStatus = 'loading' | 'playing' | 'unreachable';

export interface StreamState {
  status: StreamStatus;
  /** Retries made since the last time it played (0 at first). */
  attempt: number;
  /** What failed last: hls.js's error detail, `media-error`, `no-hls` (for support, shown small). */
  reason: string;
}

export interface StreamOptions {
  retryDelaysMs: readonly number[];
  reattemptMs: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = { retryDelaysMs: [2000, 4000], reattemptMs: 60_000 };

let hlsModule: Promise<typeof HlsType> | null = null;
function loadHls(): Promise<typeof HlsType> {
  hlsModule ??= import('hls.js').then((m) => m.default, (e) => { hlsModule = null; throw e; });
  return hlsModule;
}

export class HlsStream {
  private hls: HlsType | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private gaveUp = false;
  private attempt = 0;
  private mediaRecovered = false;
  private readonly onPlaying = () => {
    this.attempt = 0;
    this.gaveUp = false;
    this.emit('playing', '');
  };
  private readonly onElementError = () => {
    // With hls.js attached, its own error events say what failed.
    if (!this.hls) this.fail(`media-error-${this.video.error?.code ?? 0}`);
  };

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly url: string,
    private readonly onState: (s: StreamState) => void,
    private readonly options: StreamOptions = DEFAULT_STREAM_OPTIONS,
  ) {
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.addEventListener('playing', this.onPlaying);
    video.addEventListener('error', this.onElementError);
    this.emit('loading', '');
    void this.start();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.teardown();
    this.video.removeEventListener('playing', this.onPlaying);
    this.video.removeEventListener('error', this.onElementError);
  }

  private async start(): Promise<void> {
    let Hls: typeof HlsType;
    try {
      Hls = await loadHls();
    } catch {
      if (!this.disposed) this.fail('hls-load');
      return;
    }
    if (this.disposed) return;
    this.mediaRecovered = false;
    if (Hls.isSupported()) {
      const hls = new Hls({ workerPath: hlsWorkerUrl, lowLatencyMode: false, backBufferLength: 30, maxBufferLength: 20 });
      this.hls = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, () => { this.video.play().catch(() => undefined); });
      hls.on(Hls.Events.ERROR, (_e, d) => {
        if (!d.fatal || this.hls !== hls) return;
        // A decoding hiccup is recovered once in place; anything else starts over.
        if (d.type === Hls.ErrorTypes.MEDIA_ERROR && !this.mediaRecovered) {
          this.mediaRecovered = true;
          hls.recoverMediaError();
          return;
        }
        this.fail(String(d.details));
      });
      hls.loadSource(this.url);
      hls.attachMedia(this.video);
    } else if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
      this.video.src = this.url;
      this.video.play().catch(() => undefined);
    } else {
      this.fail('no-hls');
    }
  }

  private fail(reason: string): void {
    if (this.disposed) return;
    this.teardown();
    clearTimeout(this.timer);
    const delays = this.options.retryDelaysMs;
    if (!this.gaveUp && this.attempt < delays.length) {
      this.attempt++;
      this.emit('loading', reason);
      this.timer = setTimeout(() => void this.start(), delays[this.attempt - 1]);
      return;
    }
    this.gaveUp = true;
    this.emit('unreachable', reason);
    this.timer = setTimeout(() => void this.start(), this.options.reattemptMs);
  }

  private teardown(): void {
    const hls = this.hls;
    this.hls = null;
    hls?.destroy();
    if (this.video.hasAttribute('src')) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  private emit(status: StreamStatus, reason: string): void {
    if (!this.disposed) this.onState({ status, attempt: this.attempt, reason });
  }
}
