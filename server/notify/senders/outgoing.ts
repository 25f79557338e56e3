/** What a channel is asked to send, and what it answered: shared by every kind's sender. */
import type { Severity } from '../../../streams/alerts.ts';

/** One alert as a message lists it. */
export interface MessageAlert {
  id: number;
  type: string;
  severity: Severity;
  community: string;
  neighbourhood: string;
  location: string;
  message: string;
  raisedAt: number;
  /** Escalation step it is sent for (0: at raise). */
  step: number;
  /** Why it is told again: an emergency plan's step missed its target. */
  note?: string;
}

export interface OutgoingMessage {
  /** One line: what a phone's notification or a mail's subject shows. */
  title: string;
  /** Markdown (WeCom, DingTalk); `plain` is the same without marks (SMS, e-mail). */
  markdown: string;
  plain: string;
  alerts: readonly MessageAlert[];
  /** A test from the admin page: the receiver's people are told it is one. */
  test?: boolean;
}

export interface SendResult {
  ok: boolean;
  /** HTTP status or SMTP reply code; null when nothing answered. */
  status: number | null;
  /** The answer's text (or the error), not yet clipped or redacted. */
  answer: string;
}

export interface SendOptions {
  /** Per request, ms. */
  timeoutMs: number;
  now: () => number;
}
