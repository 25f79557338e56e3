/**
 * One HTTP request of a sender, bounded in time and in how much of the answer is read. Failures
 * are answers (status null and what went wrong), never throws: the outbox records and retries them.
 * Error texts name the cause's code, never the URL (a robot's URL carries its key).
 */
import type { SendResult } from './outgoing.ts';

/** Enough of an answer to see why it failed; receivers that answer megabytes are not read to the end. */
const MAX_ANSWER_CHARS = 4000;

export async function httpSend(url: string, init: { method: string; headers?: Record<string, string>; body?: string }, timeoutMs: number,
  accept: (status: number, text: string) => boolean = (s) => s >= 200 && s < 300): Promise<SendResult> {
  try {
    const res = await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const text = (await res.text()).slice(0, MAX_ANSWER_CHARS);
    return { ok: accept(res.status, text), status: res.status, answer: text };
  } catch (e) {
    return { ok: false, status: null, answer: describeError(e, timeoutMs) };
  }
}

/** A robot's answer (WeCom, DingTalk): HTTP 200 with `errcode: 0`; anything else is a refusal. */
export function robotAccepted(status: number, text: string): boolean {
  if (status !== 200) return false;
  try {
    return (JSON.parse(text) as { errcode?: unknown }).errcode === 0;
  } catch {
    return false;
  }
}

export function describeError(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = err?.cause?.code ?? err?.code;
  if (code) return `request failed: ${code}`;
  return `request failed: ${err?.cause?.message ?? err?.message ?? String(e)}`.slice(0, 200);
}
