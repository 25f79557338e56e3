/**
 * Answers for the errors of Express's body parsers (`express.json()` and friends), in words a
 * client can act on. The parsers' own messages are not passed on: some carry a zlib or file
 * system message, and a JSON syntax error quotes the body back.
 */
import type { NextFunction, Request, Response } from 'express';

interface BodyParserError { type?: unknown; status?: unknown; limit?: unknown; charset?: unknown; code?: unknown }

/** What went wrong with the request body, or undefined when `err` is not a body parser's error. */
export function bodyErrorText(err: unknown, hints: { tooLarge?: string } = {}): string | undefined {
  const e = (err ?? {}) as BodyParserError;
  switch (e.type) {
    case 'entity.too.large':
      return `request body is larger than the limit of ${typeof e.limit === 'number' ? `${e.limit} bytes` : 'this endpoint'}${hints.tooLarge ? `; ${hints.tooLarge}` : ''}`;
    case 'entity.parse.failed':
      return 'request body is not valid JSON';
    case 'charset.unsupported':
      return `request body charset ${JSON.stringify(String(e.charset ?? '').slice(0, 40))} is not supported; send UTF-8`;
    case 'encoding.unsupported':
      return 'request body Content-Encoding is not supported; send it as is, gzip, deflate or br';
    case 'request.aborted':
      return 'the request was aborted before its body arrived';
    case 'request.size.invalid':
      return 'request body is shorter or longer than its Content-Length';
    case 'parameters.too.many':
      return 'request body has too many form parameters';
    default:
      // A compressed body that does not inflate: the parser passes zlib's error on without a type.
      if (e.status === 400 && typeof e.code === 'string' && /^(Z_|ERR_ZLIB|ERR_BROTLI|ERR__)/.test(e.code)) {
        return 'request body does not decompress with its Content-Encoding';
      }
      return undefined;
  }
}

/**
 * Error middleware for a router with a body parser: answers the parser's errors as
 * `{ error: "<subsystem>: …" }` with the parser's status, passes anything else on.
 */
export function bodyErrors(subsystem: string, hints: { tooLarge?: string } = {}) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const text = bodyErrorText(err, hints);
    const status = (err as BodyParserError | null)?.status;
    if (text === undefined || typeof status !== 'number') { next(err); return; }
    res.status(status).json({ error: `${subsystem}: ${text}` });
  };
}
