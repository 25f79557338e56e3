/**
 * A line `POST /write` refused, as the server keeps it (server/ingest/dead-letters.ts) and the admin
 * page's dead-letter tab lists it.
 */

/** A refusal of a line (parse, invalid, scope), or of a whole body over the size limit. */
export type DeadLetterReason = 'parse' | 'invalid' | 'scope' | 'oversize';
export const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = ['parse', 'invalid', 'scope', 'oversize'];

export interface DeadLetterSource {
  kind: 'user' | 'display' | 'gateway' | 'system';
  /** User or token id: what replay finds the sender by. */
  id: string;
  /** Username or token name, as the audit log shows it. */
  name: string;
  /** The address the body came from. */
  address: string;
}

export interface DeadLetter {
  id: number;
  /** When it was refused, epoch ms. */
  at: number;
  source: DeadLetterSource;
  reason: DeadLetterReason;
  /** The refusal as the sender was answered (`line 3: …`). */
  message: string;
  /** 1-based line number in its body; null for a whole body (oversize). */
  line: number | null;
  /** The line as sent ('' for an oversize body, whose lines never reached the server). */
  raw: string;
  /** The raw line was longer than can be kept and is cut: it cannot be replayed. */
  truncated: boolean;
  /** The body's `precision` parameter, so a replay reads the timestamp in the same unit. */
  precision: string;
}
