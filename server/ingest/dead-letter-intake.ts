/** Refused lines of a body as dead letters: each with its raw text, found by its line number. */
import type { Request } from 'express';
import type { Principal } from '../auth/principal.ts';
import { actorName } from '../access/actor-name.ts';
import type { DeadLetters, DeadLetterSource, NewDeadLetter } from './dead-letters.ts';
import type { RefusedLine } from './line-ingest.ts';

/** The sender as the audit log and alert histories name it (`张三 (zhangsan)`, a token's name), and its address. */
export function sourceOf(principal: Principal, req: Request): DeadLetterSource {
  return { kind: principal.kind, id: principal.id, name: actorName(principal), address: req.ip ?? req.socket.remoteAddress ?? '' };
}

/**
 * Keeps a body's refused lines. A body of more refused lines than the file keeps has its earlier
 * ones counted only: they would be dropped at once, and a 25 MiB body of bad lines must not become
 * half a million letter objects first.
 */
export function keepBody(letters: DeadLetters, body: string, refused: readonly RefusedLine[], source: DeadLetterSource, precision: string): void {
  const first = Math.max(0, refused.length - letters.limits.maxRecords);
  const unkept = refused.slice(0, first).map((r) => r.kind);
  letters.add(lettersOf(body, first === 0 ? refused : refused.slice(first), source, precision), { source, reasons: unkept });
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
