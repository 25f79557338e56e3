/**
 * `/api/admin/dead-letters` (administrators): the lines `POST /write` refused, newest first, with
 * counts per sender and reason; `POST …/replay` sends chosen letters through the ingest path again.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { bodyErrors } from '../api/body-errors.ts';
import { DEAD_LETTER_REASONS, type DeadLetterReason, type DeadLetters } from './dead-letters.ts';
import { ReplayBehindError, ReplayBusyError, type DeadLetterReplay, type ReplaySelection } from './dead-letter-replay.ts';
import { SpoolFullError } from './disk-spool.ts';

export interface DeadLetterRoutesOptions {
  letters: DeadLetters;
  replay: DeadLetterReplay;
  /** Retry-After of a replay stopped because the store cannot take more, s. */
  retryAfterS: number;
}

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 2000;
/** Most ids one replay may name; more is a filter's job (`all` with `source`, `reason`). */
const MAX_IDS = 2000;

class InputError extends Error {}

export function deadLetterRoutes({ letters, replay, retryAfterS }: DeadLetterRoutesOptions): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '64kb' }));

  r.get('/', (req, res) => {
    let filter: { source?: string; reason?: DeadLetterReason };
    let limit: number;
    try {
      filter = { source: text(req.query.source, 'source'), reason: reasonOf(req.query.reason) };
      limit = limitOf(req.query.limit);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      res.status(400).json({ error: e.message });
      return;
    }
    const matching = letters.list(filter);
    res.json({
      stats: letters.stats,
      sources: letters.bySource(),
      matching: matching.length,
      letters: matching.slice(-limit).reverse(),
    });
  });

  r.post('/replay', (req: Request, res: Response, next: NextFunction) => {
    let selection: ReplaySelection;
    try {
      selection = selectionOf(req.body);
    } catch (e) {
      if (!(e instanceof InputError)) { next(e); return; }
      res.status(400).json({ error: e.message });
      return;
    }
    replay.replay(selection).then((result) => res.json({ ...result, remaining: letters.stats.kept }), (e: unknown) => {
      if (e instanceof ReplayBusyError) { res.status(409).json({ error: e.message }); return; }
      if (e instanceof ReplayBehindError || e instanceof SpoolFullError || /shutting down/.test((e as Error).message)) {
        res.setHeader('Retry-After', String(retryAfterS));
        res.status(503).json({ error: `admin: dead letters: the replay stopped, the store cannot take more now (${(e as Error).message}); what was accepted before is removed, replay the rest later` });
        return;
      }
      next(e);
    });
  });

  r.use(bodyErrors('admin'));
  return r;
}

function text(v: unknown, name: string): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new InputError(`admin: dead letters: give "${name}" once, as text`);
  return v;
}

function reasonOf(v: unknown): DeadLetterReason | undefined {
  const s = text(v, 'reason');
  if (s === undefined) return undefined;
  if (!DEAD_LETTER_REASONS.includes(s as DeadLetterReason)) throw new InputError(`admin: dead letters: reason "${s.slice(0, 40)}" is not one of ${DEAD_LETTER_REASONS.join(', ')}`);
  return s as DeadLetterReason;
}

function limitOf(v: unknown): number {
  const s = text(v, 'limit');
  if (s === undefined) return DEFAULT_LIMIT;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new InputError(`admin: dead letters: limit "${s.slice(0, 20)}" is not a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

/** `{ ids: [1, 2] }`, or `{ all: true, source?, reason? }`: replaying everything is asked for, never a default. */
function selectionOf(body: unknown): ReplaySelection {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InputError('admin: dead letters: send a JSON object: { "ids": [1, 2] } or { "all": true, "source": "gateway:…", "reason": "invalid" }');
  const b = body as Record<string, unknown>;
  const source = b.source === undefined ? undefined : typeof b.source === 'string' && b.source !== '' ? b.source : fail('"source" must be a sender key like "gateway:<token id>"');
  const reason = b.reason === undefined ? undefined : reasonOf(b.reason);
  if (b.ids !== undefined) {
    if (b.all !== undefined) fail('give "ids" or "all", not both');
    if (!Array.isArray(b.ids) || b.ids.length === 0 || b.ids.length > MAX_IDS || !b.ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
      fail(`"ids" must be a list of 1 to ${MAX_IDS} dead letter ids (whole numbers)`);
    }
    return { ids: b.ids as number[], source, reason };
  }
  if (b.all !== true) fail('say which letters: "ids": [...], or "all": true (with "source" and "reason" to narrow it)');
  return { source, reason };
}

function fail(what: string): never {
  throw new InputError(`admin: dead letters: ${what}`);
}
