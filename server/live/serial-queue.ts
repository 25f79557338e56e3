/**
 * Runs one connection's tasks one after another, so a burst of requests cannot make the hub build
 * (or re-send) several answers at once. At most `maxWaiting` may wait; more are refused.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly maxWaiting: number) {}

  /** The task's result, or undefined when too many are waiting already. */
  run<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.waiting >= this.maxWaiting) return undefined;
    this.waiting++;
    const result = this.tail.then(task).finally(() => { this.waiting--; });
    this.tail = result.then(() => {}, () => {});
    return result;
  }

  get length(): number {
    return this.waiting;
  }
}
