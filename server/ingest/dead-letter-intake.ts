/** Refused lines of a body as dead letters: each with its raw text, found by its line number. */
import type { Request } from 'express';
import type { Principal } from '../auth/principal.ts';
import { actorName } from '../access/actor-name.ts';
import type { DeadLetters, DeadLetterSource, NewDeadLetter } from './dead-letters.ts';
import type { RefusedLine } from './line-ingest.ts';
import { scanLine } from '../../streams/line-protocol/parse.ts';

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
 * One letter per refused line, its text exactly as sent (a carriage return included, a line break
 * inside a quoted string included: the line ends where the parser ends it). A refusal names the
 * body line where its line starts, counted at every `\n` as the parser counts; one pass over the
 * body, as refused lines come sorted by number.
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
    const end = start <= body.length ? scanLine(body, start) : start;
    out.push({ at, source, reason: r.kind, message: r.message, line: r.line, raw: start <= body.length ? body.slice(start, end) : '', precision });
  }
  return out;
}
