/**
 * One rolled-up figure (a `${measurement}.${field}`) of one hierarchy node, kept up to date as the
 * latest value of each series under the node moves. Sums are compensated (Neumaier), so a series
 * going from 1e12 back to 1 leaves no trace of rounding; an extreme whose holder moved away is
 * only marked stale, and found again from the children and the node's own series when read.
 */
import type { Rollup } from '../../streams/families/index.ts';

export type SummedRule = Exclude<Rollup, 'none'>;

export class Figure {
  /** Series under the node that have a value. */
  count = 0;
  private sum = 0;
  private carry = 0;
  /** max/min: the extreme; while `stale`, only a bound (≥ the true max, ≤ the true min). */
  private extreme: number;
  private stale = false;
  /** The same figure at child nodes (max/min recompute from them). */
  readonly children: Figure[] = [];
  /** Series placed directly at this node (not under a child node of the tree). */
  readonly direct: number[] = [];

  constructor(readonly rule: SummedRule) {
    this.extreme = rule === 'min' ? Infinity : -Infinity;
  }

  /** A series under the node moved from `before` (NaN: it had no value) to `after`. */
  update(before: number, after: number): void {
    const first = before !== before;
    if (first) this.count++;
    switch (this.rule) {
      case 'sum':
      case 'mean':
        if (!first) this.add(-before);
        this.add(after);
        return;
      case 'max':
        if (after >= this.extreme) { this.extreme = after; this.stale = false; } else if (before === this.extreme) this.stale = true;
        return;
      case 'min':
        if (after <= this.extreme) { this.extreme = after; this.stale = false; } else if (before === this.extreme) this.stale = true;
    }
  }

  /** The figure; `held(sid)` is the value a direct series holds (for a stale extreme). */
  value(held: (sid: number) => number): number {
    if (this.rule === 'sum') return this.sum + this.carry;
    if (this.rule === 'mean') return (this.sum + this.carry) / this.count;
    if (this.stale) this.recompute(held);
    return this.extreme;
  }

  private recompute(held: (sid: number) => number): void {
    const max = this.rule === 'max';
    let e = max ? -Infinity : Infinity;
    for (const c of this.children) {
      const v = c.value(held);
      if (max ? v > e : v < e) e = v;
    }
    for (const sid of this.direct) {
      const v = held(sid);
      if (max ? v > e : v < e) e = v;
    }
    this.extreme = e;
    this.stale = false;
  }

  /** Neumaier's compensated addition. */
  private add(x: number): void {
    const t = this.sum + x;
    this.carry += Math.abs(this.sum) >= Math.abs(x) ? (this.sum - t) + x : (x - t) + this.sum;
    this.sum = t;
  }
}
