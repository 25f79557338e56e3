/**
 * The ingest path of line protocol, shared by `POST /write` and the replay of dead letters, so a
 * replayed line is judged exactly as a sent one: parse, the sender's scope per line, the validator,
 * then live delivery and the store writer.
 */
import { clockAt, parseLineProtocol, SeriesCache, type ParseError, type ParsedLine, type ParseResult, type Precision } from '../../streams/line-protocol/parse.ts';
import type { Access } from '../access/guard.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { acceptLines, batchTypeConflict, type Accepted } from './point-validator.ts';
import { SampleBatch } from './sample-batch.ts';
import type { StoreWriter } from './store-writer.ts';
import type { WriteDifferences } from '../config.ts';
import type { LineProtocolPart, WholeMsPrecision } from '../store/types.ts';

/** Why a line was refused: it did not parse, the validator refused it, or it is outside the sender's scope. */
export type RefusalKind = 'parse' | 'invalid' | 'scope';

export interface RefusedLine extends ParseError {
  kind: RefusalKind;
}

export interface CheckedBody {
  accepted: Accepted;
  /** Every refused line, in line order. */
  refused: RefusedLine[];
}

export interface LineIngestOptions {
  catalog: SeriesCatalog;
  writer: StoreWriter;
  /** Called with what was accepted, before it is stored, so live clients see it at once. */
  onAccepted: (a: Accepted) => void;
  /** How far ahead of the server clock a timestamp may be, ms (Infinity: no limit). Default 10 minutes. */
  maxFutureMs?: number;
  /** Where /write may differ from InfluxDB (config.ts `writeDifferences`); default: the product's. */
  differences?: Partial<WriteDifferences>;
  now?: () => number;
}

/** Lines per slice of a large body: about 10–15 ms of parsing, then other work gets a turn. */
export const SLICE_LINES = 4000;

/** Precisions whose timestamps the store keeps exactly (whole milliseconds): a body in one of these may be forwarded as sent. */
const FORWARDED_PRECISIONS = new Set<Precision>(['ms', 's', 'm', 'h']);

/** A parse slice of a body: where it lies, the line after it, and whether every line of it parsed with a timestamp. */
interface Slice { pos: number; end: number; endLine: number; asSent: boolean }

/** Adjacent slices accepted as sent: where they lie in the body and the samples they hold. */
type Stretch = Omit<LineProtocolPart, 'body' | 'precision'> & { pos: number; end: number };

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class LineIngest {
  private readonly seriesCache = new SeriesCache();
  private readonly now: () => number;
  private readonly maxFutureMs: number;

  constructor(private readonly opts: LineIngestOptions) {
    this.now = opts.now ?? Date.now;
    this.maxFutureMs = opts.maxFutureMs ?? 10 * 60_000;
  }

  /**
   * Parses a body and decides each line; nothing is delivered yet. `receivedAt` gives a line
   * without a timestamp the time it first arrived (a replayed dead letter), not the clock's now.
   */
  check(body: string, precision: Precision, access: Access, receivedAt?: (line: number) => number): CheckedBody {
    const differences = this.opts.differences;
    const parsed = parseLineProtocol(body, { precision, maxLineLength: differences?.maxLineLength, seriesCache: this.seriesCache, refuseSubMs: differences?.refuseSubMs });
    if (receivedAt) for (const p of parsed.points) p.time ??= receivedAt(p.line);
    return this.decide(parsed.points, parsed.errors, precision, access);
  }

  /** The sender's scope per line, then the validator, over parsed lines. */
  private decide(points: ParsedLine[], parseErrors: ParseError[], precision: Precision, access: Access, scoped?: ParseError[]): CheckedBody {
    const { inScope, outOfScope } = scoped ? { inScope: points, outOfScope: scoped } : byScope(points, access);
    // A line without timestamp gets the clock truncated to the precision's unit, as InfluxDB stamps it.
    const accepted = acceptLines(inScope, this.opts.catalog, clockAt(this.now(), precision), this.acceptOptions());
    return { accepted, refused: refusals(parseErrors, accepted, outOfScope) };
  }

  private acceptOptions() {
    const differences = this.opts.differences;
    return { maxFutureMs: this.maxFutureMs, placementTags: differences?.placementTags, influxNames: differences?.influxNames };
  }

  /**
   * As `check`, for a body of any size: one of more than `SLICE_LINES` lines is parsed and judged
   * in slices with a turn of the event loop between them, so a large body never holds up live
   * delivery, alerts or other requests for long. The answer is the same as `check`'s: the whole
   * body is still one batch (its type conflicts are judged over all of it).
   *
   * A slice whose every line was accepted as it came goes with its samples as the sender's own
   * text (`SampleBatch.lineProtocol`), so the InfluxDB store forwards those bytes instead of
   * formatting the samples again; adjacent such slices are one stretch, a whole body the body.
   */
  async checkInSlices(body: string, precision: Precision, access: Access): Promise<CheckedBody> {
    const differences = this.opts.differences;
    const options = { precision, maxLineLength: differences?.maxLineLength, seriesCache: this.seriesCache, refuseSubMs: differences?.refuseSubMs, maxLines: SLICE_LINES };
    const points: ParsedLine[] = [];
    const errors: ParseError[] = [];
    const slices: Slice[] = [];
    for (let from: ParseResult['next'] = { pos: 0, line: 1 }; from;) {
      if (slices.length > 0) await nextTurn();
      const part = parseLineProtocol(body, { ...options, from });
      let untimed = false;
      for (const p of part.points) { points.push(p); if (p.time === undefined) untimed = true; }
      for (const e of part.errors) errors.push(e);
      slices.push({ pos: from.pos, end: part.next?.pos ?? body.length, endLine: part.next?.line ?? Infinity, asSent: part.errors.length === 0 && !untimed });
      from = part.next;
    }
    const { inScope, outOfScope } = byScope(points, access);
    const now = clockAt(this.now(), precision);
    const conflict = batchTypeConflict(inScope, this.opts.catalog);
    if (conflict) return this.decide(inScope, errors, precision, access, outOfScope);
    const forward = FORWARDED_PRECISIONS.has(precision) && (differences?.influxNames ?? true) ? (precision as WholeMsPrecision) : undefined;
    // One slice (most bodies): its samples are the batch's, not copied into another.
    let samples = new SampleBatch(slices.length === 1 ? 16 : Math.max(16, inScope.length * 2));
    const alerts: Accepted['alerts'] = [];
    const invalid: ParseError[] = [];
    let acceptedLines = 0;
    const asSent: Stretch[] = [];
    let at = 0;
    let outside = 0;
    for (let k = 0; k < slices.length; k++) {
      const slice = slices[k];
      let stop = at;
      while (stop < inScope.length && inScope[stop].line < slice.endLine) stop++;
      let refusedHere = 0;
      while (outside < outOfScope.length && outOfScope[outside].line < slice.endLine) { outside++; refusedHere++; }
      if (k > 0) await nextTurn();
      const num = samples.length;
      const text = samples.text.sid.length;
      const part = acceptLines(at === 0 && stop === inScope.length ? inScope : inScope.slice(at, stop), this.opts.catalog, now, { ...this.acceptOptions(), conflictChecked: true });
      if (slices.length === 1) samples = part.samples;
      else samples.append(part.samples);
      for (const a of part.alerts) alerts.push(a);
      for (const e of part.errors) invalid.push(e);
      acceptedLines += part.points;
      at = stop;
      if (!forward || !slice.asSent || refusedHere > 0 || part.errors.length > 0 || part.points === 0) continue;
      const last = asSent.at(-1);
      const stretch = { pos: slice.pos, end: slice.end, num, numEnd: samples.length, text, textEnd: samples.text.sid.length };
      if (last && last.end === stretch.pos && last.numEnd === num && last.textEnd === text) Object.assign(last, { end: stretch.end, numEnd: stretch.numEnd, textEnd: stretch.textEnd });
      else asSent.push(stretch);
    }
    for (const { pos, end, ...covers } of asSent) {
      samples.lineProtocol.push({ body: pos === 0 && end === body.length ? body : body.slice(pos, end), precision: forward!, ...covers });
    }
    const accepted: Accepted = { samples, alerts, points: acceptedLines, errors: invalid };
    return { accepted, refused: refusals(errors, accepted, outOfScope) };
  }

  /** Live delivery, then the store; rejects as `StoreWriter.submit` does. */
  deliver(accepted: Accepted): Promise<void> {
    if (accepted.points === 0) return Promise.resolve();
    try {
      this.opts.onAccepted(accepted);
    } catch (e) {
      // Live delivery and alert rules see the samples first; a fault there must not lose the batch.
      console.error(new Error('ingest: live delivery of an accepted batch failed; the batch is stored anyway', { cause: e }));
    }
    return this.opts.writer.submit(accepted.samples);
  }
}

/** Every refused line, in line order, with why. */
function refusals(parseErrors: ParseError[], accepted: Accepted, outOfScope: ParseError[]): RefusedLine[] {
  const refused: RefusedLine[] = [];
  for (const e of parseErrors) refused.push({ ...e, kind: 'parse' });
  for (const e of accepted.errors) refused.push({ ...e, kind: 'invalid' });
  for (const e of outOfScope) refused.push({ ...e, kind: 'scope' });
  refused.sort((a, b) => a.line - b.line);
  return refused;
}

/**
 * Lines whose `community` tag is in the writer's scope, and a refusal for each other line. Runs on
 * every line a gateway writes: a batch is usually all in scope, so it is scanned first and copied
 * only from the first line refused, and each community of the batch is decided once.
 */
function byScope(points: ParsedLine[], access: Access): { inScope: ParsedLine[]; outOfScope: ParseError[] } {
  if (access.scope.all) return { inScope: points, outOfScope: [] };
  const allowed = new Map<string, boolean>();
  const inScopeLine = (p: ParsedLine): boolean => {
    const community = p.series.tags.community;
    if (community === undefined) return false;
    let ok = allowed.get(community);
    if (ok === undefined) allowed.set(community, (ok = access.scope.includes(community)));
    return ok;
  };
  let first = 0;
  while (first < points.length && inScopeLine(points[first])) first++;
  if (first === points.length) return { inScope: points, outOfScope: [] };
  const inScope = points.slice(0, first);
  const outOfScope: ParseError[] = [];
  for (let i = first; i < points.length; i++) {
    const p = points[i];
    if (inScopeLine(p)) { inScope.push(p); continue; }
    const community = p.series.tags.community;
    const what = community === undefined ? 'it has no community tag, so it is outside' : `tag community=${JSON.stringify(clipText(community))} is outside`;
    outOfScope.push({ line: p.line, message: `line ${p.line}: ${what} the scope of ${access.principal.kind} "${clipText(access.principal.name)}" (${access.scope.describe()})` });
  }
  return { inScope, outOfScope };
}

const clipText = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);
