/**
 * Where a socket's client → server events enter the hub. Handlers see only arguments their schema
 * accepted, and nothing a client sends can reach the process:
 *
 * - a request (an event with an ack in `ClientToServer`) without an ack function is dropped, since
 *   nobody would read the answer; a malformed one is answered `{ ok: false, error }`;
 * - a notice (no ack) that is malformed is dropped;
 * - a handler that throws or rejects is answered with the error, and logged: the first failure of
 *   a socket in full, later ones only counted (one client must not be able to flood the log).
 */
import type { z } from 'zod';
import type { ClientToServer, RefusedResult } from '../../streams/live-protocol.ts';
import type { LiveSocket } from './live-hub.ts';
import { checkEvent, type EventArgument } from './live-events.ts';
import { clip } from './event-issue.ts';
import type { TokenBucket } from './token-bucket.ts';

type AckOf<E extends keyof ClientToServer> = Parameters<ClientToServer[E]> extends [unknown, (res: infer R) => void] ? R : never;
/** Events the client sends with an ack. */
export type RequestEvent = { [E in keyof ClientToServer]: [AckOf<E>] extends [never] ? never : E }[keyof ClientToServer];
/** Events the client sends without one. */
export type NoticeEvent = Exclude<keyof ClientToServer, RequestEvent>;

type Listener = (...args: unknown[]) => void;

export class SocketEdge {
  private failures = 0;

  constructor(private readonly socket: LiveSocket) {
    socket.on('disconnect', () => {
      if (this.failures > 1) console.error(`live: socket ${socket.id}: ${this.failures - 1} more handler failures were not logged`);
    });
  }

  /**
   * Answer `event` with what `handle` returns. `rate`, when given, is taken from before the
   * argument is even checked: every attempt counts.
   */
  request<E extends RequestEvent, S extends z.ZodType<EventArgument<E>>>(
    event: E, schema: S, handle: (arg: z.output<S>) => AckOf<E> | Promise<AckOf<E>>, rate?: { bucket: TokenBucket; describe: string },
  ): void {
    this.listen(event, (...args) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (res: AckOf<E> | RefusedResult) => void) : undefined;
      if (!ack) return;
      const answer = (res: AckOf<E> | RefusedResult) => {
        try {
          ack(res);
        } catch (e) {
          this.failed(event, e);
        }
      };
      const onError = (e: unknown) => {
        this.failed(event, e);
        answer({ ok: false, error: `live: ${event} failed: ${clip(messageOf(e))}` });
      };
      try {
        if (rate && !rate.bucket.take()) {
          answer({ ok: false, error: `live: ${event}: too many requests (${rate.describe}); retry in ${rate.bucket.waitMs} ms` });
          return;
        }
        const checked = checkEvent(event, schema, args[0]);
        if (!checked.ok) {
          answer({ ok: false, error: checked.error });
          return;
        }
        const res = handle(checked.value);
        if (res instanceof Promise) res.then(answer, onError);
        else answer(res);
      } catch (e) {
        onError(e);
      }
    });
  }

  /** Pass a well-formed `event` to `handle`; drop a malformed one. */
  notice<E extends NoticeEvent, S extends z.ZodType<EventArgument<E>>>(event: E, schema: S, handle: (arg: z.output<S>) => void): void {
    this.listen(event, (...args) => {
      try {
        const checked = checkEvent(event, schema, typeof args[0] === 'function' ? undefined : args[0]);
        if (!checked.ok) return;
        handle(checked.value);
      } catch (e) {
        this.failed(event, e);
      }
    });
  }

  private listen(event: keyof ClientToServer, listener: Listener): void {
    // The typed map promises well-formed arguments; from a client nothing is promised, so listen untyped.
    (this.socket as unknown as { on(event: string, listener: Listener): void }).on(event, listener);
  }

  private failed(event: string, e: unknown): void {
    if (this.failures++ === 0) console.error(`live: ${event} from socket ${this.socket.id} failed (later failures of this socket are only counted):`, e);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
