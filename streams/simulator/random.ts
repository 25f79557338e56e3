/**
 * Seeded randomness for the simulator: a small, fast PRNG (sfc32) and stateless hashes.
 *
 * Every device draws from its own stream, seeded by hashing (seed, community, device, purpose),
 * so adding or removing a device never changes what the others produce, and a device's output
 * does not depend on how often the simulator is advanced.
 */

/** 32-bit string hash (cyrb53 folded to 32 bits); stable across platforms and runs. */
export function hashString(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** Finaliser of murmur3: mixes a 32-bit integer into a well-distributed one. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Stateless uniform in [0, 1) from a seed and up to two integers: the building block of value noise. */
export function hashFloat(seed: number, a: number, b = 0): number {
  const h = fmix32((seed >>> 0) ^ fmix32((a | 0) + 0x9e3779b9) ^ fmix32(Math.imul(b | 0, 0x27d4eb2f) + 0x165667b1));
  return h / 4294967296;
}

/** Smooth value noise in [-1, 1] along one axis (cosine interpolation between hashed knots). */
export function smoothNoise(seed: number, x: number, channel = 0): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = hashFloat(seed, i, channel) * 2 - 1;
  const b = hashFloat(seed, i + 1, channel) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a + (b - a) * w;
}

/** A seeded pseudo-random stream (sfc32: 128-bit state, passes PractRand to 2^40). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(seed: number | string) {
    const s = typeof seed === 'number' ? String(seed >>> 0) + '#' + String(Math.floor(seed / 4294967296)) : seed;
    this.a = hashString(s, 1);
    this.b = hashString(s, 2);
    this.c = hashString(s, 3);
    this.d = hashString(s, 4) | 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Normal deviate (Box–Muller, the second value of each pair kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + sd * z;
    }
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Cheap bell-shaped noise with standard deviation `sd` (Irwin–Hall: four uniforms, bounded at
   * ±3.46 sd): for the jitter of sensor readings, where a true normal's tails do not matter.
   */
  noise(sd: number): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508075688772 * sd;
  }

  /** Log-normal deviate with the given median and log-scale sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Waiting time of a Poisson process with `rate` events per unit time. */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Poisson count with mean `lambda` (Knuth below 30, normal approximation above). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** The stream of one purpose of one device: independent of every other key. */
export function rngFor(seed: number, ...keys: (string | number)[]): Rng {
  return new Rng(`${seed}|${keys.join('|')}`);
}

/** A stable integer in [0, n) for a key (e.g. a device's reporting phase). */
export function hashInt(n: number, seed: number, ...keys: (string | number)[]): number {
  return hashString(`${seed}|${keys.join('|')}`, 7) % n;
}
