/** Refused lines of a body as dead letters: each with its raw text, found by its line number. */
import type { Request } from 'express';
import type { Principal } from '../auth/principal.ts';
import type { DeadLetterSource, NewDeadLetter } from './dead-letters.ts';
import type { RefusedLine } from './line-ingest.ts';

export function sourceOf(principal: Principal, req: Request): DeadLetterSource {
  return { kind: principal.kind, id: principal.id, name: principal.name, address: req.ip ?? req.socket.remoteAddress ?? '' };
}

/**
 * One letter per refused line. Lines are counted as the parser counts them (split at `\n`, a
 * trailing `\r` dropped), in one pass over the body: refused lines come sorted by number.
 */
export function lettersOf(body: string, refused: readonly RefusedLine[], source: DeadLetterSource, precision: string, at = Date.now()): NewDeadLetter[] {
  const out: NewDeadLetter[] = [];
  let lineNo = 1;
  let start = 0;
  for (const r of refused) {
    while (lineNo < r.line && start <= body.length) {
      const nl = body.indexOf('\n', start);
      start = nl === -1 ? body.length + 1 : nl + 1;
      lineNo++;
    }
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    if (end > start && body.charCodeAt(end - 1) === 13) end--;
    out.push({ at, source, reason: r.kind, message: r.message, line: r.line, raw: start <= body.length ? body.slice(start, end) : '', precision });
  }
  return out;
}
