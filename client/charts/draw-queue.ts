/**
 * One queue of chart redraws for the page. A chart redraw costs the wall's main thread tens of ms
 * (axes laid out, text measured, a canvas of a 4K panel painted), so the charts take turns: at
 * most one draws per animation frame (or per 100 ms where frames come slower), and a live redraw
 * waits until `gapMs` have passed since the last one, so one live tick (250 ms at 4 Hz) never carries more than one chart's redraw. First
 * draws and restyles (language, size) are urgent: one per frame, without the gap.
 */

/** Longest wait for an animation frame before a turn runs anyway, ms. */
const FRAME_WAIT_MS = 100;

export interface DrawJob {
  /** Draw now (called from the queue's animation frame). */
  drawNow(): void;
}

/** Frames, timers and the clock the queue uses (the browser's; tests run them by hand). */
export interface DrawScheduler {
  now(): number;
  frame(cb: () => void): number;
  cancelFrame(id: number): void;
  after(ms: number, cb: () => void): ReturnType<typeof setTimeout>;
  cancelAfter(id: ReturnType<typeof setTimeout>): void;
}

const BROWSER: DrawScheduler = {
  now: () => performance.now(),
  frame: (cb) => requestAnimationFrame(cb),
  cancelFrame: (id) => cancelAnimationFrame(id),
  after: (ms, cb) => setTimeout(cb, ms),
  cancelAfter: (id) => clearTimeout(id),
};

export class DrawQueue {
  /** Waiting jobs, oldest first; true when urgent. */
  private readonly jobs = new Map<DrawJob, boolean>();
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastEnd = -Infinity;

  constructor(readonly gapMs: number, private readonly s: DrawScheduler = BROWSER) {}

  get waiting(): number {
    return this.jobs.size;
  }

  add(job: DrawJob, urgent = false): void {
    const was = this.jobs.get(job);
    // A job keeps its place in the line; urgency only rises.
    this.jobs.set(job, was === true || urgent);
    if (urgent && this.timer !== undefined) {
      this.s.cancelAfter(this.timer);
      this.timer = undefined;
    }
    this.schedule();
  }

  remove(job: DrawJob): void {
    this.jobs.delete(job);
    if (this.jobs.size > 0) return;
    if (this.frame !== 0) this.s.cancelFrame(this.frame);
    if (this.timer !== undefined) this.s.cancelAfter(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.frame !== 0 || this.timer !== undefined || this.jobs.size === 0) return;
    const wait = this.hasUrgent() ? 0 : this.lastEnd + this.gapMs - this.s.now();
    if (wait > 0) {
      this.timer = this.s.after(wait, () => {
        this.timer = undefined;
        this.schedule();
      });
      return;
    }
    // On the next animation frame, or after FRAME_WAIT_MS where frames come slowly (a wall PC
    // busy rendering the twin): the queue must not draw at the page's frame rate.
    const turn = () => {
      if (this.frame !== 0) this.s.cancelFrame(this.frame);
      if (this.timer !== undefined) this.s.cancelAfter(this.timer);
      this.frame = 0;
      this.timer = undefined;
      try {
        this.runOne();
      } finally {
        this.schedule();
      }
    };
    this.frame = this.s.frame(turn);
    this.timer = this.s.after(FRAME_WAIT_MS, turn);
  }

  private hasUrgent(): boolean {
    for (const urgent of this.jobs.values()) if (urgent) return true;
    return false;
  }

  private runOne(): void {
    let next: DrawJob | undefined;
    for (const [job, urgent] of this.jobs) {
      next ??= job;
      if (urgent) {
        next = job;
        break;
      }
    }
    if (!next) return;
    this.jobs.delete(next);
    try {
      next.drawNow();
    } finally {
      this.lastEnd = this.s.now();
    }
  }
}

/** The page's queue: a gap of 300 ms, a little more than one 4 Hz tick. */
export const chartDrawQueue = new DrawQueue(300);
