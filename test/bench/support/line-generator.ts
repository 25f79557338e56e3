/**
 * Realistic InfluxDB line protocol for the load generators: every neighbourhood of the bench
 * hierarchy has energy meters (2–4 fields), pipe sensors (2–4 fields, some with a string status),
 * walkway environment sensors (4 fields), parking lots (2 integer fields) and parking spaces
 * (1 boolean field) — 82 series per neighbourhood, 4,920 in all, about 2.6 fields per line.
 *
 * Building a batch must stay cheap (the generator shares two cores with the server), so each
 * series keeps a few pre-formatted field sets and a line is three string concatenations.
 */
import { BENCH_COMMUNITIES, NEIGHBOURHOODS_PER_COMMUNITY, communityId, neighbourhoodId } from './bench-hierarchy.ts';

/** Field sets kept per series; values cycle through them. */
const VARIANTS = 8;

interface SeriesTemplate {
  /** `measurement,tag=value,... ` (with the trailing space). */
  prefix: string;
  /** Pre-formatted field sets, e.g. `load_kw=12.31,energy_kwh=40211.5`. */
  fields: string[];
  fieldCount: number;
  community: number;
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same series and values. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['residential', 'residential', 'residential', 'public_service', 'commercial'];
const NETWORKS = ['water_supply', 'drainage', 'gas'];

function buildSeries(seed: number): SeriesTemplate[] {
  const r = rng(seed);
  const num = (lo: number, hi: number, digits = 2) => (lo + r() * (hi - lo)).toFixed(digits);
  const out: SeriesTemplate[] = [];
  const add = (community: number, prefix: string, fieldSet: () => string[]) => {
    const sets = Array.from({ length: VARIANTS }, fieldSet);
    out.push({ prefix, fields: sets.map((s) => s.join(',')), fieldCount: sets[0].length, community });
  };
  for (let c = 1; c <= BENCH_COMMUNITIES; c++) {
    for (let n = 1; n <= NEIGHBOURHOODS_PER_COMMUNITY; n++) {
      const place = `community=${communityId(c)},neighbourhood=${neighbourhoodId(c, n)}`;
      const tag = `${c}-${n}`;
      for (let m = 1; m <= 40; m++) {
        const category = CATEGORIES[m % CATEGORIES.length];
        const building = `b${tag}-${String(Math.ceil(m / 4)).padStart(2, '0')}`;
        const pv = m % 5 === 0;
        const ev = m % 8 === 0;
        add(c, `energy,${place},building=${building},meter=m${tag}-${m},category=${category} `, () => [
          `load_kw=${num(0.5, 80)}`, `energy_kwh=${num(1000, 90000, 1)}`,
          ...(pv ? [`pv_kw=${num(0, 30)}`] : []), ...(ev ? [`ev_kw=${num(0, 120)}`] : []),
        ]);
      }
      for (let p = 1; p <= 20; p++) {
        const network = NETWORKS[p % NETWORKS.length];
        add(c, `pipe,${place},network=${network},sensor=p${tag}-${p} `, () => [
          `pressure_kpa=${num(150, 450, 1)}`, `flow_m3h=${num(0, 60)}`,
          ...(network === 'drainage' ? [`level_m=${num(0, 2.5)}`] : []),
          ...(p % 4 === 0 ? [`status="${r() < 0.95 ? 'normal' : 'warning'}"`] : []),
        ]);
      }
      for (let e = 1; e <= 8; e++) {
        add(c, `env,${place},walkway=w${tag}-${Math.ceil(e / 2)},sensor=e${tag}-${e} `, () => [
          `temperature_c=${num(5, 38, 1)}`, `humidity_pct=${num(30, 95, 1)}`, `pm25_ugm3=${num(5, 150, 1)}`, `noise_db=${num(35, 80, 1)}`,
        ]);
      }
      for (let l = 1; l <= 2; l++) {
        const capacity = 60 + l * 40;
        add(c, `parking,${place},lot=lot${tag}-${l},kind=${l === 1 ? 'underground' : 'surface'} `, () => [
          `occupied=${Math.floor(r() * capacity)}i`, `capacity=${capacity}i`,
        ]);
      }
      for (let s = 1; s <= 12; s++) {
        add(c, `parking_space,${place},lot=lot${tag}-1,space=s${tag}-${s} `, () => [`occupied=${r() < 0.6}`]);
      }
    }
  }
  return out;
}

export interface Batch {
  body: Buffer;
  lines: number;
  /** Field values in the batch (what the store writes as samples). */
  fields: number;
}

export class LineGenerator {
  private readonly series: SeriesTemplate[];
  /** Next series to write; lines go round-robin over all series. */
  private cursor = 0;
  /** Completed passes over all series; picks the field set and, for history, the timestamp. */
  private round = 0;

  constructor(seed = 20261125) {
    this.series = buildSeries(seed);
  }

  get seriesCount(): number {
    return this.series.length;
  }

  /** Mean fields per line over all series. */
  get fieldsPerLine(): number {
    return this.series.reduce((n, s) => n + s.fieldCount, 0) / this.series.length;
  }

  /**
   * The next `lines` lines, round-robin over the series. `time(round, seriesIndex)` gives each
   * line's timestamp in ms (lines are sent with precision=ms).
   */
  batch(lines: number, time: (round: number, seriesIndex: number) => number): Batch {
    const parts = new Array<string>(lines);
    let fields = 0;
    for (let i = 0; i < lines; i++) {
      const s = this.series[this.cursor];
      parts[i] = `${s.prefix}${s.fields[(this.round + this.cursor) % VARIANTS]} ${time(this.round, this.cursor)}`;
      fields += s.fieldCount;
      if (++this.cursor === this.series.length) { this.cursor = 0; this.round++; }
    }
    return { body: Buffer.from(parts.join('\n'), 'utf8'), lines, fields };
  }
}

/** An alert line for a neighbourhood of community `c`, at time `t` (ms). */
export function alertLine(c: number, n: number, seq: number, t: number): string {
  const types = ['perimeter_intrusion', 'fire', 'emergency_button', 'pipe_leak', 'gas_leak'];
  const type = types[seq % types.length];
  return `alert,community=${communityId(c)},neighbourhood=${neighbourhoodId(c, n)},type=${type},severity=critical,device=dev-${seq % 97} ` +
    `location="${(seq % 12) + 1}栋${(seq % 3) + 1}单元",message="bench alert ${seq}",value=${seq % 100} ${t}`;
}
