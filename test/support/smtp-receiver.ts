/**
 * A minimal local SMTP server for tests (plain, no TLS): greets, answers EHLO with AUTH, takes
 * AUTH PLAIN, MAIL, RCPT and DATA, and records each message with the credentials it came with.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail { from: string; to: string[]; auth: string; data: string }

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let inData = false;
    let mail: ReceivedMail = { from: '', to: [], auth: '', data: '' };
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 receiver ESMTP test');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            mails.push(mail);
            mail = { from: '', to: [], auth: mail.auth, data: '' };
            say('250 2.0.0 queued');
          } else mail.data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { say('250-receiver'); say('250 AUTH PLAIN'); }
        else if (verb === 'AUTH') { mail.auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8'); say('235 2.7.0 authenticated'); }
        else if (verb === 'MAIL') { mail.from = line.replace(/^MAIL FROM:<(.*)>.*$/i, '$1'); say('250 ok'); }
        else if (verb === 'RCPT') { mail.to.push(line.replace(/^RCPT TO:<(.*)>.*$/i, '$1')); say('250 ok'); }
        else if (verb === 'DATA') { inData = true; say('354 end with .'); }
        else if (verb === 'QUIT') { say('221 bye'); socket.end(); }
        else say('502 not implemented');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
