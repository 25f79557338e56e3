/**
 * Evaluates the communities' alert rules as samples arrive (the accepted-samples path of /write and
 * of the in-process simulator), never by polling the store.
 *
 * A point meets only the rules that can match it: rules are indexed by community, measurement and
 * field, and each series id is routed once (selector checked once) to its list of *bindings* — one
 * binding per rule and series (or per rule and device for a `no_data` rule on any field). Binding
 * state lives in typed arrays indexed by binding number, so the per-sample path does not allocate.
 *
 * Time: durations (`forSeconds`, rate windows) run on the samples' own timestamps, so a device's
 * batch that arrives late is judged as it happened. Silence (`no_data`) runs on arrival time,
 * checked by one coarse timer the engine owns. Samples older than `maxLagMs` are history (a
 * backfill, a spool replay) and are not evaluated: alerts are about now.
 */
import type { AlertEvent } from '../../../streams/alerts.ts';
import { MEASUREMENTS, deviceTagOf, fieldDef, isFamily } from '../../../streams/families/index.ts';
import type { AlertRule, CountRule } from '../../../streams/alert-rules.ts';
import type { SeriesDef } from '../../store/types.ts';
import type { SeriesCatalog } from '../../catalog/series-catalog.ts';
import type { SampleBatch } from '../../ingest/sample-batch.ts';

/** A rule's condition became true for a series (or an event group). */
export interface RuleFiring {
  community: string;
  neighbourhood: string;
  rule: AlertRule;
  /** Identifies the series or event group within the rule: the key alerts are de-duplicated by. */
  seriesKey: string;
  tags: Record<string, string>;
  device: string;
  location: string;
  /** The reading (field value, rate per minute, seconds of silence, or event count). */
  value: number | null;
  message: string;
  /** Epoch ms: the sample time, or the server time for silence. */
  time: number;
}

/** A firing condition is back to normal (past its clear value, data arrived again). */
export interface RuleClearing {
  community: string;
  ruleId: string;
  seriesKey: string;
  time: number;
}

export interface RuleEngineOptions {
  onFire: (f: RuleFiring) => void;
  onClear?: (c: RuleClearing) => void;
  /** Server clock, epoch ms. Default Date.now. */
  now?: () => number;
  /** How often silent series are looked for, ms. Default 10,000; 0 starts no timer (call `checkSilence`). */
  silenceCheckMs?: number;
  /** Samples older than this (against the server clock) are not evaluated, ms. Default 10 minutes. */
  maxLagMs?: number;
}

const enum Kind { Threshold, Rate, NoData }
const enum Op { Lt, Gt, Eq }
const enum Phase { Normal = 0, Pending = 1, Firing = 2 }
/** Samples kept per rate binding; the window is covered by RATE_SLOTS - 2 steps (older ones are decimated). */
const RATE_SLOTS = 18;
const EMPTY = new Int32Array(0);

interface Compiled {
  rule: AlertRule;
  community: string;
  kind: Kind;
  op: Op;
  value: number;
  text: string | undefined;
  clear: number;
  forMs: number;
  windowMs: number;
  silentMs: number;
  selector: [string, string][];
  /** no_data on any field: one binding per series identity (device), not per field. */
  perDevice: boolean;
}

interface CountState { times: number[] }
interface CountEntry { rule: CountRule; selector: [string, string][]; groups: Map<string, CountState> }

export class RuleEngine {
  private readonly rulesByCommunity = new Map<string, AlertRule[]>();
  /** `${community}\n${measurement}\n${field}` → compiled rules; field '*' for no_data on any field. */
  private byField = new Map<string, Compiled[]>();
  /** Per community: its keys in byField, so its rules can be replaced alone. */
  private readonly fieldKeys = new Map<string, string[]>();
  private countRules = new Map<string, CountEntry[]>();
  /** Per series id: its binding numbers (EMPTY when none); undefined until first seen. */
  private routes: (Int32Array | undefined)[] = [];
  /** Per community, bindings of `no_data` rules on any field, shared by a device's field series: `${community}\n${rule}\n${seriesKey}` → binding. */
  private readonly deviceBindings = new Map<string, Map<string, number>>();
  /** Indexed by binding number; null once its community's rules were replaced (the number is in freeBindings). */
  private bindings: ({ c: Compiled; sid: number } | null)[] = [];
  private readonly freeBindings: number[] = [];
  private readonly freeRateSlots: number[] = [];
  private phase = new Uint8Array(256);
  /** Copies of each binding's kind, op and value, so the common case (a threshold not breached) reads only typed arrays. */
  private kindOf = new Uint8Array(256);
  private opOf = new Uint8Array(256);
  private valueOf = new Float64Array(256);
  private since = new Float64Array(256);
  private lastT = new Float64Array(256);
  private lastSeen = new Float64Array(256);
  /** Rate bindings only: their ring of samples in rateT/rateV (RATE_SLOTS each); -1 for other kinds. */
  private rateSlot = new Int32Array(256);
  private rateCount = 0;
  private rateT = new Float64Array(16 * RATE_SLOTS);
  private rateV = new Float64Array(16 * RATE_SLOTS);
  private rateHead = new Uint8Array(16);
  private rateLen = new Uint8Array(16);
  private readonly noData = new Set<number>();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly maxLagMs: number;

  constructor(private readonly catalog: SeriesCatalog, private readonly opts: RuleEngineOptions) {
    this.now = opts.now ?? Date.now;
    this.maxLagMs = opts.maxLagMs ?? 10 * 60_000;
    const every = opts.silenceCheckMs ?? 10_000;
    if (every > 0) this.timer = setInterval(() => this.checkSilence(), every);
  }

  /**
   * Replace a community's rules (already validated). Their state starts afresh; other communities'
   * rules keep theirs, and the cost is that of this community's series alone (a city seeds
   * thousands of rule sets at start).
   */
  setRules(community: string, rules: readonly AlertRule[]): void {
    this.retire(community);
    const enabled = rules.filter((r) => r.enabled !== false);
    this.rulesByCommunity.set(community, enabled);
    const keys: string[] = [];
    const counts: CountEntry[] = [];
    for (const rule of enabled) {
      const selector = Object.entries(rule.selector ?? {});
      if (rule.kind === 'count') {
        counts.push({ rule, selector, groups: new Map() });
        continue;
      }
      const c = compile(rule, community, selector);
      const key = `${community}\n${rule.measurement}\n${c.perDevice ? '*' : (rule as { field: string }).field}`;
      let list = this.byField.get(key);
      if (!list) { this.byField.set(key, (list = [])); keys.push(key); }
      list.push(c);
    }
    this.fieldKeys.set(community, keys);
    if (counts.length) this.countRules.set(community, counts);
    // Series the catalog already knows are watched for silence from now on, even if they never report again.
    const now = this.now();
    for (const id of this.catalog.ofCommunity(community)) {
      const r = this.route(id);
      for (let k = 0; k < r.length; k++) if (this.bindings[r[k]]!.c.kind === Kind.NoData && Number.isNaN(this.lastSeen[r[k]])) this.lastSeen[r[k]] = now;
    }
  }

  rulesOf(community: string): readonly AlertRule[] {
    return this.rulesByCommunity.get(community) ?? [];
  }

  /** Bindings alive (series × rule pairs being watched). */
  get bindingCount(): number {
    return this.bindings.length - this.freeBindings.length;
  }

  /** Evaluate accepted samples and device events. `now` is the arrival time (server clock, epoch ms). */
  ingest(samples: SampleBatch, events: readonly AlertEvent[], now = this.now()): void {
    const horizon = now - this.maxLagMs;
    const { sid, t, v } = samples;
    for (let i = 0; i < samples.length; i++) {
      const s = sid[i];
      const r = this.routes[s] ?? this.route(s);
      if (r.length === 0) continue;
      const ti = t[i];
      const x = v[i];
      const stale = ti < horizon;
      for (let k = 0; k < r.length; k++) {
        const b = r[k];
        if (this.kindOf[b] === Kind.Threshold && this.phase[b] === Phase.Normal) {
          if (stale || ti < this.lastT[b]) continue;
          this.lastT[b] = ti;
          const op = this.opOf[b];
          const val = this.valueOf[b];
          if (op === Op.Lt ? !(x < val) : op === Op.Gt ? !(x > val) : x !== val) continue;
        }
        this.numeric(b, ti, x, now, stale);
      }
    }
    const text = samples.text;
    for (let i = 0; i < text.sid.length; i++) {
      const r = this.routes[text.sid[i]] ?? this.route(text.sid[i]);
      for (let k = 0; k < r.length; k++) this.textual(r[k], text.t[i], text.s[i], now, text.t[i] < horizon);
    }
    if (events.length && this.countRules.size) for (const e of events) if (!(e.time < horizon)) this.countEvent(e);
  }

  /** Raise `no_data` alerts for series silent longer than their rule allows; the timer calls this. */
  checkSilence(now = this.now()): void {
    for (const b of this.noData) {
      if (this.phase[b] === Phase.Firing) continue;
      const { c } = this.bindings[b]!;
      const silent = now - this.lastSeen[b];
      if (silent > c.silentMs) {
        this.phase[b] = Phase.Firing;
        this.fire(b, Math.round(silent / 1000), now, `已 ${Math.round(silent / 1000)} s 无数据（上限 ${c.silentMs / 1000} s）`);
      }
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Drop a community's compiled rules and bindings; their binding numbers and rate slots are reused. */
  private retire(community: string): void {
    for (const key of this.fieldKeys.get(community) ?? []) this.byField.delete(key);
    this.fieldKeys.delete(community);
    this.countRules.delete(community);
    this.deviceBindings.delete(community);
    for (const id of this.catalog.ofCommunity(community)) {
      const r = this.routes[id];
      this.routes[id] = undefined;
      if (!r) continue;
      for (let k = 0; k < r.length; k++) {
        const b = r[k];
        if (this.bindings[b] === null) continue; // a device binding shared with a sibling field
        if (this.rateSlot[b] >= 0) this.freeRateSlots.push(this.rateSlot[b]);
        if (this.kindOf[b] === Kind.NoData) this.noData.delete(b);
        this.bindings[b] = null;
        this.phase[b] = Phase.Normal;
        this.freeBindings.push(b);
      }
    }
  }

  private route(sid: number): Int32Array {
    const def = this.catalog.get(sid);
    const community = def?.tags.community;
    if (!def || community === undefined || !this.rulesByCommunity.has(community)) return (this.routes[sid] = EMPTY);
    const found: number[] = [];
    for (const field of [def.field, '*']) {
      const list = this.byField.get(`${community}\n${def.measurement}\n${field}`);
      if (!list) continue;
      for (const c of list) {
        if (!c.selector.every(([k, val]) => def.tags[k] === val)) continue;
        found.push(this.bind(c, sid, def.key));
      }
    }
    return (this.routes[sid] = found.length ? Int32Array.from(found) : EMPTY);
  }

  /** A new binding of a rule to a series; a series is routed once, so only device-wide bindings can already exist. */
  private bind(c: Compiled, sid: number, seriesKey: string): number {
    const id = c.perDevice ? `${c.community}\n${c.rule.id}\n${seriesKey}` : undefined;
    let devices = id === undefined ? undefined : this.deviceBindings.get(c.community);
    const existing = id === undefined ? undefined : devices?.get(id);
    if (existing !== undefined) return existing;
    const b = this.freeBindings.pop() ?? this.bindings.length;
    this.bindings[b] = { c, sid };
    if (id !== undefined) {
      if (!devices) this.deviceBindings.set(c.community, (devices = new Map()));
      devices.set(id, b);
    }
    if (b >= this.phase.length) this.grow(b * 2);
    this.rateSlot[b] = c.kind === Kind.Rate ? this.newRateSlot() : -1;
    this.kindOf[b] = c.kind;
    this.opOf[b] = c.op;
    this.valueOf[b] = c.value;
    this.phase[b] = Phase.Normal;
    this.since[b] = NaN;
    this.lastT[b] = -Infinity;
    this.lastSeen[b] = NaN;
    if (c.kind === Kind.NoData) this.noData.add(b);
    return b;
  }

  private numeric(b: number, t: number, v: number, now: number, stale: boolean): void {
    const c = this.bindings[b]!.c;
    if (c.kind === Kind.NoData) return this.seen(b, now);
    if (stale || t < this.lastT[b]) return;
    this.lastT[b] = t;
    if (c.kind === Kind.Threshold) {
      if (c.op === Op.Eq && c.text !== undefined) return;
      this.step(b, c, t, v);
      return;
    }
    const rate = this.rate(b, c, t, v);
    if (!Number.isNaN(rate)) this.step(b, c, t, rate);
  }

  private textual(b: number, t: number, s: string, now: number, stale: boolean): void {
    const c = this.bindings[b]!.c;
    if (c.kind === Kind.NoData) return this.seen(b, now);
    if (stale || t < this.lastT[b] || c.text === undefined) return;
    this.lastT[b] = t;
    const breach = s === c.text;
    const p = this.phase[b];
    if (p !== Phase.Firing && breach) this.begin(b, c, t, NaN, s);
    else if (p === Phase.Pending && !breach) this.phase[b] = Phase.Normal;
    else if (p === Phase.Pending && t - this.since[b] >= c.forMs) this.confirm(b, c, t, NaN, s);
    else if (p === Phase.Firing && !breach) this.clear(b, t);
  }

  /** The threshold state machine, shared by threshold (x = value) and rate (x = change per minute). */
  private step(b: number, c: Compiled, t: number, x: number): void {
    const breach = c.op === Op.Lt ? x < c.value : c.op === Op.Gt ? x > c.value : x === c.value;
    const p = this.phase[b];
    if (p === Phase.Normal) {
      if (breach) this.begin(b, c, t, x, undefined);
    } else if (p === Phase.Pending) {
      if (!breach) this.phase[b] = Phase.Normal;
      else if (t - this.since[b] >= c.forMs) this.confirm(b, c, t, x, undefined);
    } else {
      // Hysteresis: a firing condition ends only once the reading is back past the clear value.
      const recovered = c.op === Op.Lt ? x >= c.clear : c.op === Op.Gt ? x <= c.clear : x !== c.value;
      if (recovered) this.clear(b, t);
    }
  }

  private begin(b: number, c: Compiled, t: number, x: number, s: string | undefined): void {
    this.since[b] = t;
    if (c.forMs <= 0) this.confirm(b, c, t, x, s);
    else this.phase[b] = Phase.Pending;
  }

  private confirm(b: number, c: Compiled, t: number, x: number, s: string | undefined): void {
    this.phase[b] = Phase.Firing;
    const def = this.catalog.get(this.bindings[b]!.sid)!;
    const fd = fieldDef(def.measurement, def.field);
    const unit = fd?.unit ? ` ${fd.unit}` : '';
    const label = fd?.label.zh ?? def.field;
    const rule = c.rule as { op: string; value: number | string };
    const held = c.forMs > 0 ? `，持续 ${Math.round((t - this.since[b]) / 1000)} s` : '';
    const reading = s !== undefined ? `${label} ${s}`
      : c.kind === Kind.Rate ? `${label} 变化 ${fmt(x)}${unit}/min` : `${label} ${fmt(x)}${unit}`;
    const limit = s !== undefined ? '' : `（${rule.op} ${rule.value}${unit}${c.kind === Kind.Rate ? '/min' : ''}${held}）`;
    this.fire(b, Number.isNaN(x) ? null : x, t, `${reading}${limit}`);
  }

  private clear(b: number, t: number): void {
    this.phase[b] = Phase.Normal;
    const { c } = this.bindings[b]!;
    this.opts.onClear?.({ community: c.community, ruleId: c.rule.id, seriesKey: this.keyOf(b), time: t });
  }

  private seen(b: number, now: number): void {
    if (!(this.lastSeen[b] >= now)) this.lastSeen[b] = now;
    if (this.phase[b] === Phase.Firing) this.clear(b, now);
  }

  /** Change per minute from the oldest kept sample inside the window; NaN until half a window is covered. */
  private rate(b: number, c: Compiled, t: number, v: number): number {
    const slot = this.rateSlot[b];
    const base = slot * RATE_SLOTS;
    let len = this.rateLen[slot];
    let head = this.rateHead[slot];
    // Drop samples that fell out of the window.
    while (len > 0 && this.rateT[base + head] < t - c.windowMs) { head = (head + 1) % RATE_SLOTS; len--; }
    let rate = NaN;
    if (len > 0) {
      const t0 = this.rateT[base + head];
      if (t - t0 >= c.windowMs / 2) rate = ((v - this.rateV[base + head]) * 60_000) / (t - t0);
    }
    const newest = len > 0 ? this.rateT[base + ((head + len - 1) % RATE_SLOTS)] : -Infinity;
    if (t - newest >= c.windowMs / (RATE_SLOTS - 2)) {
      if (len === RATE_SLOTS) { head = (head + 1) % RATE_SLOTS; len--; }
      const at = base + ((head + len) % RATE_SLOTS);
      this.rateT[at] = t;
      this.rateV[at] = v;
      len++;
    }
    this.rateHead[slot] = head;
    this.rateLen[slot] = len;
    return rate;
  }

  private newRateSlot(): number {
    const reused = this.freeRateSlots.pop();
    if (reused !== undefined) {
      this.rateHead[reused] = 0;
      this.rateLen[reused] = 0;
      return reused;
    }
    const slot = this.rateCount++;
    if (slot >= this.rateLen.length) {
      const n = slot * 2;
      const f64 = (a: Float64Array) => { const x = new Float64Array(n * RATE_SLOTS); x.set(a); return x; };
      const u8 = (a: Uint8Array) => { const x = new Uint8Array(n); x.set(a); return x; };
      this.rateT = f64(this.rateT);
      this.rateV = f64(this.rateV);
      this.rateHead = u8(this.rateHead);
      this.rateLen = u8(this.rateLen);
    }
    this.rateHead[slot] = 0;
    this.rateLen[slot] = 0;
    return slot;
  }

  /** The series (or device) key a binding's alerts are de-duplicated by. */
  private keyOf(b: number): string {
    const { c, sid } = this.bindings[b]!;
    const def = this.catalog.get(sid)!;
    return c.perDevice ? def.key : `${def.key}\n${def.field}`;
  }

  private countEvent(e: AlertEvent): void {
    const rules = this.countRules.get(e.community);
    if (!rules) return;
    // No prototype: selectors and group-by keys are looked up in it.
    const tags: Record<string, string> = Object.assign(Object.create(null), {
      community: e.community, neighbourhood: e.neighbourhood, type: String(e.type), severity: String(e.severity), device: e.device,
    });
    for (const cr of rules) {
      if (!cr.selector.every(([k, val]) => tags[k] === val)) continue;
      const groupBy = cr.rule.groupBy ?? ['neighbourhood'];
      const group = groupBy.map((g) => `${g}=${tags[g]}`).join(',');
      let st = cr.groups.get(group);
      if (!st) cr.groups.set(group, (st = { times: [] }));
      const windowMs = cr.rule.windowSeconds * 1000;
      st.times.push(e.time);
      // Events may arrive out of order (batches from several gateways): keep those inside the
      // window that ends at the newest one.
      st.times.sort((a, b) => a - b);
      const newest = st.times[st.times.length - 1];
      while (st.times.length && st.times[0] < newest - windowMs) st.times.shift();
      if (st.times.length >= cr.rule.count) {
        const n = st.times.length;
        // The next alert needs `count` new events; repeats while this one is open fold into it.
        st.times = [];
        const groupTags: Record<string, string> = Object.assign(Object.create(null), { community: e.community });
        for (const g of groupBy) groupTags[g] = tags[g];
        this.opts.onFire({
          community: e.community, neighbourhood: e.neighbourhood, rule: cr.rule, seriesKey: `count:${group}`, tags: groupTags,
          device: groupBy.includes('device') ? e.device : '', location: e.location, value: n, time: e.time,
          message: `${cr.rule.name}：${Math.round(windowMs / 60_000) || windowMs / 1000}${windowMs >= 60_000 ? ' 分钟' : ' s'}内 ${n} 次（最近一次：${e.location} ${e.message}）`,
        });
      }
    }
  }

  private fire(b: number, value: number | null, time: number, reading: string): void {
    const { c, sid } = this.bindings[b]!;
    const key = this.keyOf(b);
    const def = this.catalog.get(sid)!;
    const device = deviceOf(def);
    const what = isFamily(def.measurement) ? MEASUREMENTS[def.measurement].label.zh : def.measurement;
    const location = `${what} ${device}`.trim();
    this.opts.onFire({
      community: c.community, neighbourhood: def.tags.neighbourhood ?? '', rule: c.rule, seriesKey: key, tags: def.tags,
      device, location, value, time, message: `${c.rule.name}：${location} ${reading}`,
    });
  }

  private grow(size: number): void {
    const f64 = (a: Float64Array, n = size) => { const x = new Float64Array(n); x.set(a); return x; };
    const u8 = (a: Uint8Array, n = size) => { const x = new Uint8Array(n); x.set(a); return x; };
    this.phase = u8(this.phase);
    this.kindOf = u8(this.kindOf);
    this.opOf = u8(this.opOf);
    this.valueOf = f64(this.valueOf);
    this.since = f64(this.since);
    this.lastT = f64(this.lastT);
    this.lastSeen = f64(this.lastSeen);
    const slots = new Int32Array(size);
    slots.set(this.rateSlot);
    this.rateSlot = slots;
  }
}

function compile(rule: Exclude<AlertRule, CountRule>, community: string, selector: [string, string][]): Compiled {
  const base = { rule, community, selector, clear: NaN, forMs: 0, windowMs: 0, silentMs: 0, value: NaN, text: undefined, op: Op.Gt, perDevice: false };
  if (rule.kind === 'no_data') return { ...base, kind: Kind.NoData, silentMs: rule.silentSeconds * 1000, perDevice: rule.field === undefined };
  const op = rule.op === '<' ? Op.Lt : rule.op === '>' ? Op.Gt : Op.Eq;
  const value = typeof rule.value === 'number' ? rule.value : NaN;
  return {
    ...base, kind: rule.kind === 'rate' ? Kind.Rate : Kind.Threshold, op, value,
    text: typeof rule.value === 'string' ? rule.value : undefined,
    clear: rule.clearValue ?? value, forMs: (rule.forSeconds ?? 0) * 1000,
    windowMs: rule.kind === 'rate' ? rule.windowSeconds * 1000 : 0,
  };
}

/** The device a series comes from: its family's device tag (streams/families); '' when it names none. */
function deviceOf(def: SeriesDef): string {
  const tag = deviceTagOf(def.measurement);
  return (tag !== undefined ? def.tags[tag] : undefined) ?? '';
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000);
}
