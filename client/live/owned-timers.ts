/** Timeouts owned by one object: after `clear()` (its dispose) none fires, so nothing runs later. */
export class OwnedTimers {
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();
  private cleared = false;

  /** Runs `fn` after `ms` milliseconds, unless cleared first. */
  later(fn: () => void, ms: number): void {
    if (this.cleared) return;
    const t = setTimeout(() => {
      this.pending.delete(t);
      if (!this.cleared) fn();
    }, ms);
    this.pending.add(t);
  }

  clear(): void {
    this.cleared = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
