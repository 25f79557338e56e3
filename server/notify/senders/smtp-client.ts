/**
 * A small SMTP client (RFC 5321) over node:net / node:tls, enough to hand one message to the
 * customer's mail server: EHLO, STARTTLS when asked, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, QUIT.
 * Written here rather than pulled in: the product needs no more than this, and nothing else in it
 * speaks SMTP. Every step is bounded by the timeout; the password goes only into AUTH.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { hostname } from 'node:os';
import type { EmailSettings } from '../../../streams/notify.ts';

/** An e-mail channel's server and addresses (streams/notify.ts), with the message and a time bound. */
export type SmtpMessage = Omit<EmailSettings, 'kind' | 'to'> & {
  to: readonly string[];
  subject: string;
  text: string;
  timeoutMs: number;
};

export interface SmtpResult { ok: boolean; code: number | null; reply: string }

class SmtpReplyError extends Error {
  constructor(readonly code: number | null, message: string) { super(message); }
}

/** Reads replies off a socket: the lines of one reply ("250-…", "250 …") as one string, with its code. */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiting: { resolve: (r: { code: number; text: string }) => void; reject: (e: Error) => void } | undefined;
  private failed: Error | undefined;
  private readonly ready: { code: number; text: string }[] = [];

  constructor(private socket: Socket | TLSSocket) {
    socket.on('data', this.onData).on('error', this.onError).on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer) => this.take(chunk.toString('utf8'));
  private readonly onError = (e: Error) => this.fail(e);
  private readonly onClose = () => this.fail(new Error('the server closed the connection'));

  /** Reads from `socket` from now on (after STARTTLS: the TLS socket over the plain one). */
  attach(socket: Socket | TLSSocket): void {
    // The plain socket under TLS may still report an error; the TLS socket reports it too, so it is only swallowed here.
    this.socket.off('data', this.onData).off('error', this.onError).off('close', this.onClose).on('error', () => {});
    this.socket = socket;
    socket.on('data', this.onData).on('error', this.onError).on('close', this.onClose);
  }

  next(): Promise<{ code: number; text: string }> {
    const r = this.ready.shift();
    if (r) return Promise.resolve(r);
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    // A server that never ends a line is not waited on for ever.
    if (this.buffer.length > 64_000) { this.fail(new Error('reply longer than 64 kB')); return; }
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, i).replace(/\r$/, '');
      this.buffer = this.buffer.slice(i + 1);
      this.lines.push(line);
      if (line[3] !== '-') {
        const reply = { code: Number(line.slice(0, 3)) || 0, text: this.lines.join('\n') };
        this.lines = [];
        const w = this.waiting;
        this.waiting = undefined;
        if (w) w.resolve(reply); else this.ready.push(reply);
      }
    }
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(e);
  }
}

/** A header value in RFC 2047 encoded words when it is not plain ASCII. */
function headerText(v: string): string {
  return /^[\x20-\x7e]*$/.test(v) ? v : `=?UTF-8?B?${Buffer.from(v).toString('base64')}?=`;
}

/** The message as DATA carries it: headers, a base64 UTF-8 body, lines ≤ 76 characters. */
export function mimeMessage(m: Pick<SmtpMessage, 'from' | 'to' | 'subject' | 'text'>, date: Date): string {
  const body = Buffer.from(m.text).toString('base64').replace(/.{1,76}/g, '$&\r\n');
  return [
    `From: ${m.from}`, `To: ${m.to.join(', ')}`, `Subject: ${headerText(m.subject)}`, `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', body,
  ].join('\r\n');
}

export async function sendMail(m: SmtpMessage): Promise<SmtpResult> {
  let socket: Socket | TLSSocket | undefined;
  const timer = setTimeout(() => socket?.destroy(new Error(`no answer within ${m.timeoutMs} ms`)), m.timeoutMs);
  let last: { code: number; text: string } | undefined;
  try {
    socket = m.security === 'tls' ? tlsConnect({ host: m.host, port: m.port, servername: m.host }) : netConnect({ host: m.host, port: m.port });
    const reader = new ReplyReader(socket);
    const expect = async (ok: number[], what: string) => {
      last = await reader.next();
      if (!ok.includes(last.code)) throw new SmtpReplyError(last.code, `${what}: ${last.text}`);
      return last;
    };
    const say = (line: string) => socket!.write(`${line}\r\n`);
    await expect([220], 'greeting');
    const me = hostname().replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
    say(`EHLO ${me}`);
    let ehlo = await expect([250], 'EHLO');
    if (m.security === 'starttls') {
      if (!/STARTTLS/i.test(ehlo.text)) throw new SmtpReplyError(ehlo.code, 'the server does not offer STARTTLS; set security to "tls" or "none"');
      say('STARTTLS');
      await expect([220], 'STARTTLS');
      const plain = socket;
      socket = tlsConnect({ socket: plain, servername: m.host });
      reader.attach(socket);
      say(`EHLO ${me}`);
      ehlo = await expect([250], 'EHLO after STARTTLS');
    }
    if (m.username) {
      say(`AUTH PLAIN ${Buffer.from(`\0${m.username}\0${m.password}`).toString('base64')}`);
      await expect([235], 'AUTH');
    }
    say(`MAIL FROM:<${m.from}>`);
    await expect([250], 'MAIL FROM');
    for (const to of m.to) {
      say(`RCPT TO:<${to}>`);
      await expect([250, 251], `RCPT TO ${to}`);
    }
    say('DATA');
    await expect([354], 'DATA');
    // Dot-stuffing: a line that starts with "." gets another, so it cannot end the message.
    socket.write(`${mimeMessage(m, new Date()).replace(/^\./gm, '..')}\r\n.\r\n`);
    const accepted = await expect([250], 'message');
    say('QUIT');
    return { ok: true, code: accepted.code, reply: accepted.text };
  } catch (e) {
    const code = e instanceof SmtpReplyError ? e.code : null;
    const err = e as { code?: string; message?: string };
    return { ok: false, code, reply: e instanceof SmtpReplyError ? e.message : `SMTP failed: ${err.code ?? err.message ?? String(e)}` };
  } finally {
    clearTimeout(timer);
    socket?.end();
    socket?.destroySoon?.();
  }
}
