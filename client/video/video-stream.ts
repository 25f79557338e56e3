/**
 * One camera stream played into one <video> by an opener (HLS or WebRTC WHEP, stream-openers.ts),
 * muted so autoplay is allowed. Its owner calls `dispose()`; nothing of it outlives that (wall
 * screens run for weeks): the player of the current attempt is torn down, the timers cleared.
 *
 * A failure is retried after each of `retryDelaysMs`; when they are spent the stream is
 * "unreachable" and tried once more every `reattemptMs`, quietly, until it plays again.
 */
export type StreamProtocol = 'hls' | 'whep';
export type StreamStatus = 'loading' | 'playing' | 'unreachable';

export interface StreamState {
  status: StreamStatus;
  /** Retries made since the last time it played (0 at first). */
  attempt: number;
  /** What failed last: hls.js's error detail, `whep-404`, `media-error-4`… (for support, on `data-reason`). */
  reason: string;
}

export interface StreamOptions {
  retryDelaysMs: readonly number[];
  reattemptMs: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = { retryDelaysMs: [2000, 4000], reattemptMs: 60_000 };

/** Starts playing `url` into `video` and returns what stops it (at any moment, negotiation included); calls `fail` when it fails. */
export type StreamOpener = (video: HTMLVideoElement, url: string, fail: (reason: string) => void) => () => void;

export class VideoStream {
  private stop: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private gaveUp = false;
  private attempt = 0;
  /** Counts attempts: a late answer of an attempt already given up on is ignored. */
  private generation = 0;
  private readonly onPlaying = () => {
    this.attempt = 0;
    this.gaveUp = false;
    this.emit('playing', '');
  };

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly url: string,
    private readonly open: StreamOpener,
    private readonly onState: (s: StreamState) => void,
    private readonly options: StreamOptions = DEFAULT_STREAM_OPTIONS,
  ) {
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.addEventListener('playing', this.onPlaying);
    this.emit('loading', '');
    this.start();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    clearTimeout(this.timer);
    this.teardown();
    this.video.removeEventListener('playing', this.onPlaying);
  }

  private start(): void {
    const generation = ++this.generation;
    const fail = (reason: string) => { if (generation === this.generation) this.fail(reason); };
    this.stop = this.open(this.video, this.url, fail);
  }

  private fail(reason: string): void {
    if (this.disposed) return;
    this.generation++;
    this.teardown();
    clearTimeout(this.timer);
    const delays = this.options.retryDelaysMs;
    if (!this.gaveUp && this.attempt < delays.length) {
      this.attempt++;
      this.emit('loading', reason);
      this.timer = setTimeout(() => this.start(), delays[this.attempt - 1]);
      return;
    }
    this.gaveUp = true;
    this.emit('unreachable', reason);
    this.timer = setTimeout(() => this.start(), this.options.reattemptMs);
  }

  private teardown(): void {
    const stop = this.stop;
    this.stop = null;
    stop?.();
  }

  private emit(status: StreamStatus, reason: string): void {
    if (!this.disposed) this.onState({ status, attempt: this.attempt, reason });
  }
}
