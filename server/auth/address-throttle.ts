/**
 * Sign-in attempts per client address: a token bucket of `perMinute` attempts, refilled evenly,
 * so a script guessing passwords from one address gets `perMinute` tries a minute however many
 * usernames it tries (the per-username lockout cannot see that).
 */

interface Bucket { tokens: number; at: number }

/** Buckets kept at most; full ones are dropped first when there are more. */
const MAX_BUCKETS = 50_000;

export class AddressThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(private readonly perMinute: number, private readonly now: () => number) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one attempt: 0 when allowed, else the seconds until the next one is. */
  take(address: string): number {
    const t = this.now();
    const b = this.current(address, t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(address, b);
      if (this.buckets.size > MAX_BUCKETS) this.prune();
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.refillPerMs / 1000));
  }

  /** Forgets the addresses whose buckets have refilled (they are as good as new). */
  prune(): void {
    const t = this.now();
    for (const [a, b] of this.buckets) if (this.current(a, t).tokens >= this.perMinute) this.buckets.delete(a);
  }

  private current(address: string, t: number): Bucket {
    const b = this.buckets.get(address);
    if (!b) return { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + Math.max(0, t - b.at) * this.refillPerMs);
    b.at = t;
    return b;
  }
}
