/**
 * The twin's one loop: an animation frame requested on demand (a live tick, a user action) and
 * kept running only while `frame` says there is more to do (an animation). Like
 * react-three-fiber's `frameloop="demand"` with `invalidate()`: an idle wall does no work per frame.
 */

export type FrameFn = (now: number) => boolean;

export interface FrameScheduler {
  request(cb: (now: number) => void): number;
  cancel(id: number): void;
}

const browserFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (id) => cancelAnimationFrame(id),
};

/** A frame this close to the spacing counts as on time: animation frames come at the display's rate, not exactly. */
const SPACING_SLACK_MS = 2;

export class FrameLoop {
  private pending = 0;
  private disposed = false;
  private last = -Infinity;

  /**
   * `frame(now)` does the work of one frame and returns true to be called again next frame.
   * `minFrameMs` spaces frames out (an animation at 30 fps instead of the display's 60 halves what a
   * wall's GPU does all day); a frame asked for sooner waits for the next display frame after it.
   */
  constructor(
    private readonly frame: FrameFn,
    private readonly scheduler: FrameScheduler = browserFrames,
    private readonly minFrameMs = 0,
  ) {}

  /** Asks for a frame (one, however often it is asked before it runs). */
  request(): void {
    if (this.pending || this.disposed) return;
    this.pending = this.scheduler.request(this.run);
  }

  /** Runs a requested frame now instead of on the next animation frame (probes read the result at once). */
  flush(now = performance.now()): void {
    if (!this.pending) return;
    this.scheduler.cancel(this.pending);
    this.pending = 0;
    this.draw(now);
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending) this.scheduler.cancel(this.pending);
    this.pending = 0;
  }

  private readonly run = (now: number): void => {
    this.pending = 0;
    if (this.disposed) return;
    if (now - this.last < this.minFrameMs - SPACING_SLACK_MS) return this.request();
    this.draw(now);
  };

  private draw(now: number): void {
    this.last = now;
    if (this.frame(now)) this.request();
  }
}
