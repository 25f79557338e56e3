/**
 * Replays dead letters through the ingest path after a fix (a rule, a setting, a token's scope):
 * each sender's letters are sent again as one body per precision, judged with the sender's access
 * as it is now, and delivered like any `POST /write`. A letter accepted is removed at once, so no
 * letter is replayed twice; one refused again stays, with its newest reason.
 */
import { parsePrecision } from '../../streams/line-protocol/parse.ts';
import type { Access } from '../access/guard.ts';
import { StoreRefusedError } from '../store/types.ts';
import { sourceKey, type DeadLetter, type DeadLetterReason, type DeadLetters, type DeadLetterSource } from './dead-letters.ts';
import type { LineIngest } from './line-ingest.ts';

export interface ReplaySelection {
  /** These letters; else every letter matching `source` and `reason`. */
  ids?: readonly number[];
  source?: string;
  reason?: DeadLetterReason;
}

export interface ReplayResult {
  /** Letters the selection matched. */
  selected: number;
  /** Accepted this time (and removed). */
  accepted: number;
  /** Refused again (kept, with the new reason). */
  refused: number;
  /** Cannot be replayed: an oversize body or a line too long to keep whole. */
  skipped: number;
  /** The first refusals, as the sender would have been answered. */
  errors: string[];
}

/** The writer is past its backlog bound: the replay stops where it is, like a sender answered 503. */
export class ReplayBehindError extends Error {
  override name = 'ReplayBehindError';
}

/** A replay is already running: another would take the same letters. */
export class ReplayBusyError extends Error {
  override name = 'ReplayBusyError';
}

export interface ReplayOptions {
  letters: DeadLetters;
  ingest: LineIngest;
  /** The sender's access now; undefined when it no longer exists or may no longer write. */
  accessOf: (source: DeadLetterSource) => Access | undefined;
  /** Why the writer cannot take more now (backpressure), or undefined. */
  behind?: () => string | undefined;
}

/** Lines per replayed body: a selection of every letter is sent in bodies of this size. */
const LINES_PER_BODY = 5000;
const MAX_ERRORS = 20;

export class DeadLetterReplay {
  private running = false;

  constructor(private readonly opts: ReplayOptions) {}

  async replay(selection: ReplaySelection): Promise<ReplayResult> {
    if (this.running) throw new ReplayBusyError('admin: dead letters: a replay is under way; wait for its answer and try again');
    this.running = true;
    const accepted = new Set<number>();
    const refusedAgain = new Map<number, { reason: DeadLetterReason; message: string }>();
    const result: ReplayResult = { selected: 0, accepted: 0, refused: 0, skipped: 0, errors: [] };
    const refuse = (l: DeadLetter, reason: DeadLetterReason, message: string) => {
      refusedAgain.set(l.id, { reason, message });
      if (result.errors.length < MAX_ERRORS) result.errors.push(`dead letter ${l.id}: ${message}`);
    };
    try {
      const chosen = this.opts.letters.list({ ...selection, ids: selection.ids ? new Set(selection.ids) : undefined });
      result.selected = chosen.length;
      for (const group of groups(chosen)) {
        const replayable = group.filter((l) => l.reason !== 'oversize' && !l.truncated);
        result.skipped += group.length - replayable.length;
        if (replayable.length === 0) continue;
        const { source, precision } = replayable[0];
        const access = this.opts.accessOf(source);
        if (!access) {
          for (const l of replayable) refuse(l, l.reason, `${source.kind} "${source.name}" no longer exists or may no longer write; its lines are kept`);
          continue;
        }
        for (let from = 0; from < replayable.length; from += LINES_PER_BODY) {
          const behind = this.opts.behind?.();
          if (behind) throw new ReplayBehindError(behind);
          const part = replayable.slice(from, from + LINES_PER_BODY);
          const body = part.map((l) => l.raw).join('\n');
          // A line without a timestamp keeps the time it first arrived, as it would have been stored then.
          const checked = this.opts.ingest.check(body, parsePrecision(precision || undefined), access, (line) => part[line - 1].at);
          const refusedLines = new Set<number>();
          for (const r of checked.refused) {
            refusedLines.add(r.line);
            // The message names the line in the replayed body; the letter's own line number is kept.
            refuse(part[r.line - 1], r.kind, r.message.replace(/^line \d+: /, ''));
          }
          try {
            await this.opts.ingest.deliver(checked.accepted);
          } catch (e) {
            if (!(e instanceof StoreRefusedError)) throw e;
            part.forEach((l, i) => { if (!refusedLines.has(i + 1)) refuse(l, 'invalid', `the store refused it: ${e.message}`); });
            continue;
          }
          part.forEach((l, i) => { if (!refusedLines.has(i + 1)) accepted.add(l.id); });
        }
      }
    } finally {
      // Settled even when the store failed part-way: what was accepted must not be replayed again.
      this.opts.letters.settle(accepted, refusedAgain);
      this.running = false;
    }
    result.accepted = accepted.size;
    result.refused = refusedAgain.size;
    return result;
  }
}

/** Letters by sender and precision, each group oldest first (the order they were sent in). */
function groups(letters: readonly DeadLetter[]): DeadLetter[][] {
  const by = new Map<string, DeadLetter[]>();
  for (const l of letters) {
    const key = `${sourceKey(l.source)}\u0000${l.precision}`;
    let g = by.get(key);
    if (!g) by.set(key, (g = []));
    g.push(l);
  }
  return [...by.values()];
}
