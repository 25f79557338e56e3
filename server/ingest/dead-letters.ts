/**
 * Lines `POST /write` refused, kept so nothing refused is lost silently: one JSON line per refused
 * line in DATA_DIR/dead-letters/dead-letters.jsonl, with the time, who sent it (principal and
 * address), why, its line number in its body and the line as sent, so an operator can see what a
 * gateway gets wrong and replay the lines after a fix.
 *
 * Bounded by count and bytes: the oldest go first, and are counted. The file is appended to as
 * letters arrive and rewritten (to a temporary name, then renamed) only when enough dropped or
 * replayed letters make it worth it, so its size stays within about 1.5 × the byte bound.
 *
 * Writes are synchronous, like the quarantine's: they happen only when something was refused, a
 * body adds at most the bounds' worth, and a sync append cannot interleave with a rewrite.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DEAD_LETTER_REASONS, type DeadLetter, type DeadLetterReason, type DeadLetterSource } from '../../streams/dead-letters.ts';

export { DEAD_LETTER_REASONS, type DeadLetter, type DeadLetterReason, type DeadLetterSource } from '../../streams/dead-letters.ts';

export interface DeadLetterLimits {
  /** Most letters kept (DEAD_LETTER_MAX_RECORDS, default 10,000). */
  maxRecords: number;
  /** Most bytes kept (DEAD_LETTER_MAX_BYTES, default 16 MiB). */
  maxBytes: number;
}

export const DEFAULT_DEAD_LETTER_LIMITS: DeadLetterLimits = { maxRecords: 10_000, maxBytes: 16 * 1024 * 1024 };

/** Longest raw line kept whole, characters (the parser's default longest line). */
const MAX_RAW_CHARS = 65_536;
/** What is kept of a longer line: enough to see what it was. */
const CUT_RAW_CHARS = 1024;

/** Lines refused per sender since the server started, by reason. */
export interface SourceCount {
  /** `kind:id`, the key the admin list filters on. */
  key: string;
  kind: DeadLetterSource['kind'];
  name: string;
  /** The address of its latest refused line. */
  address: string;
  lines: number;
  byReason: Record<DeadLetterReason, number>;
  lastAt: number;
}

export interface DeadLetterStats {
  /** Letters in the file now, and their bytes there. */
  kept: number;
  bytes: number;
  /** Letters removed to stay within the bounds since the server started. */
  dropped: number;
  /** Letters replayed and accepted (then removed) since the server started. */
  replayed: number;
  /** Lines refused since the server started (kept or not), by reason. */
  refused: number;
  byReason: Record<DeadLetterReason, number>;
  limits: DeadLetterLimits;
}

export const sourceKey = (s: Pick<DeadLetterSource, 'kind' | 'id'>): string => `${s.kind}:${s.id}`;
const zeroByReason = (): Record<DeadLetterReason, number> => ({ parse: 0, invalid: 0, scope: 0, oversize: 0 });

interface Kept { letter: DeadLetter; bytes: number }

/** A refused line to keep, before it has an id. */
export type NewDeadLetter = Omit<DeadLetter, 'id' | 'truncated'>;

export class DeadLetters {
  readonly path: string;
  private readonly kept: Kept[] = [];
  private bytes = 0;
  /** Lines in the file that are no longer kept (dropped or replayed); a rewrite clears them. */
  private stale = 0;
  private nextId: number;
  private dropped = 0;
  private replayed = 0;
  private refused = 0;
  private readonly byReason = zeroByReason();
  private readonly sources = new Map<string, SourceCount>();

  constructor(dir: string, readonly limits: DeadLetterLimits = DEFAULT_DEAD_LETTER_LIMITS) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'dead-letters.jsonl');
    // Ids go on rising across restarts, even when every letter was replayed: a replay by id from a
    // page loaded before the restart can never take another letter (µs since 1970 stays a safe integer).
    this.nextId = Date.now() * 1000;
    if (existsSync(this.path)) this.load();
  }

  /**
   * Keeps refused lines (the oldest go when over the bounds); returns how many were kept.
   * `unkept`: more refused lines of the same sender, older than these, counted and dropped at once.
   */
  add(letters: readonly NewDeadLetter[], unkept?: { source: DeadLetterSource; reasons: readonly DeadLetterReason[] }): number {
    if (unkept) {
      const at = letters[0]?.at ?? Date.now();
      for (const reason of unkept.reasons) this.count({ source: unkept.source, reason, at });
      this.dropped += unkept.reasons.length;
    }
    if (letters.length === 0) return 0;
    for (const l of letters) this.count(l);
    // A body of more refused lines than fit: its oldest would only be written to be dropped.
    const first = Math.max(0, letters.length - this.limits.maxRecords);
    this.dropped += first;
    let text = '';
    for (let i = first; i < letters.length; i++) {
      const l = letters[i];
      const truncated = l.raw.length > MAX_RAW_CHARS;
      const letter: DeadLetter = { ...l, id: this.nextId++, raw: truncated ? l.raw.slice(0, CUT_RAW_CHARS) : l.raw, truncated };
      const line = `${JSON.stringify(toRecord(letter))}\n`;
      const bytes = Buffer.byteLength(line);
      this.kept.push({ letter, bytes });
      this.bytes += bytes;
      text += line;
    }
    appendFileSync(this.path, text);
    this.evict();
    return letters.length - first;
  }

  /** Letters matching the filter, oldest first. */
  list(filter: { source?: string; reason?: DeadLetterReason; ids?: ReadonlySet<number> } = {}): DeadLetter[] {
    const out: DeadLetter[] = [];
    for (const { letter } of this.kept) {
      if (filter.ids && !filter.ids.has(letter.id)) continue;
      if (filter.source !== undefined && sourceKey(letter.source) !== filter.source) continue;
      if (filter.reason !== undefined && letter.reason !== filter.reason) continue;
      out.push(letter);
    }
    return out;
  }

  /** Removes replayed letters that were accepted, and keeps the newest refusal of the others. */
  settle(accepted: ReadonlySet<number>, refusedAgain: ReadonlyMap<number, { reason: DeadLetterReason; message: string }>): void {
    if (accepted.size === 0 && refusedAgain.size === 0) return;
    let removed = 0;
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const k = this.kept[i];
      if (accepted.has(k.letter.id)) {
        this.kept.splice(i, 1);
        this.bytes -= k.bytes;
        removed++;
        continue;
      }
      const again = refusedAgain.get(k.letter.id);
      if (again) {
        k.letter = { ...k.letter, ...again };
        this.bytes -= k.bytes;
        k.bytes = Buffer.byteLength(`${JSON.stringify(toRecord(k.letter))}\n`);
        this.bytes += k.bytes;
      }
    }
    this.replayed += removed;
    // Rewritten at once: a letter accepted must never be replayed again, even after a restart.
    this.rewrite();
  }

  get stats(): DeadLetterStats {
    return {
      kept: this.kept.length, bytes: this.bytes, dropped: this.dropped, replayed: this.replayed,
      refused: this.refused, byReason: { ...this.byReason }, limits: this.limits,
    };
  }

  /** Senders with refused lines since the start, most lines first. */
  bySource(): SourceCount[] {
    return [...this.sources.values()].map((s) => ({ ...s, byReason: { ...s.byReason } })).sort((a, b) => b.lines - a.lines);
  }

  private count(l: Pick<NewDeadLetter, 'source' | 'reason' | 'at'>): void {
    this.refused++;
    this.byReason[l.reason]++;
    const key = sourceKey(l.source);
    let s = this.sources.get(key);
    if (!s) {
      // Bounded like everything else: past this many senders the quietest is forgotten.
      if (this.sources.size >= MAX_SOURCES) this.forgetQuietestSource();
      s = { key, kind: l.source.kind, name: l.source.name, address: l.source.address, lines: 0, byReason: zeroByReason(), lastAt: 0 };
      this.sources.set(key, s);
    }
    s.lines++;
    s.byReason[l.reason]++;
    s.address = l.source.address;
    s.name = l.source.name;
    s.lastAt = Math.max(s.lastAt, l.at);
  }

  private forgetQuietestSource(): void {
    let quietest: SourceCount | undefined;
    for (const s of this.sources.values()) if (!quietest || s.lines < quietest.lines) quietest = s;
    if (quietest) this.sources.delete(quietest.key);
  }

  private evict(): void {
    while (this.kept.length > 0 && (this.kept.length > this.limits.maxRecords || this.bytes > this.limits.maxBytes)) {
      const old = this.kept.shift()!;
      this.bytes -= old.bytes;
      this.dropped++;
      this.stale++;
    }
    if (this.stale > 0 && this.stale >= Math.max(64, this.kept.length / 2)) this.rewrite();
  }

  private rewrite(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      let chunk = '';
      for (const { letter } of this.kept) {
        chunk += `${JSON.stringify(toRecord(letter))}\n`;
        if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = ''; }
      }
      if (chunk) writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.stale = 0;
  }

  /** Reads the file back after a restart; a line that cannot be read is skipped (and counted as dropped). */
  private load(): void {
    let skipped = 0;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      const letter = fromRecord(line);
      if (!letter) { skipped++; continue; }
      const bytes = Buffer.byteLength(line) + 1;
      this.kept.push({ letter, bytes });
      this.bytes += bytes;
      this.nextId = Math.max(this.nextId, letter.id + 1);
    }
    this.dropped += skipped;
    this.stale = skipped;
    this.evict();
    if (this.stale > 0) this.rewrite();
  }
}

/** Senders counted at once; a spray of addresses cannot grow the table without bound. */
const MAX_SOURCES = 1000;

/** The record as the file holds it: the time as ISO text, so the file reads on its own. */
function toRecord(l: DeadLetter): Record<string, unknown> {
  return { id: l.id, at: new Date(l.at).toISOString(), source: l.source, reason: l.reason, message: l.message, line: l.line, raw: l.raw, truncated: l.truncated, precision: l.precision };
}

function fromRecord(line: string): DeadLetter | undefined {
  try {
    const r = JSON.parse(line) as Record<string, unknown>;
    const s = r.source as Record<string, unknown> | undefined;
    const at = typeof r.at === 'string' ? Date.parse(r.at) : NaN;
    if (typeof r.id !== 'number' || !Number.isFinite(at) || !s || typeof s.id !== 'string' || typeof r.raw !== 'string') return undefined;
    if (!DEAD_LETTER_REASONS.includes(r.reason as DeadLetterReason)) return undefined;
    return {
      id: r.id, at, reason: r.reason as DeadLetterReason, message: String(r.message ?? ''), line: typeof r.line === 'number' ? r.line : null,
      raw: r.raw, truncated: r.truncated === true, precision: typeof r.precision === 'string' ? r.precision : 'ns',
      source: { kind: s.kind as DeadLetterSource['kind'], id: s.id, name: String(s.name ?? s.id), address: String(s.address ?? '') },
    };
  } catch {
    return undefined;
  }
}
