/** A route whose answer is JSON: what `fn` returns is sent; what it throws goes to the API's own error answer. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Answers the errors an API explains, and passes the rest on to the server's final handler. */
export type ErrorAnswer = (res: Response, e: unknown, next: NextFunction) => void;

export function jsonHandler(fn: (req: Request) => unknown, fail: ErrorAnswer): RequestHandler {
  return (req, res, next) => {
    try {
      res.json(fn(req));
    } catch (e) {
      fail(res, e, next);
    }
  };
}
