/**
 * A Socket.IO client that stops reading: it does the engine.io and Socket.IO handshakes on a raw
 * WebSocket, sends one request, then pauses its TCP socket, as a frozen tab, a dead link or a
 * hostile client does. The server's writes then pile up in the kernel and, past it, in the server.
 */
import { sessionFor } from './session.ts';
import WebSocket from 'ws';

export interface StalledClient {
  /** The server-side socket id (`app.io.sockets.sockets.get(sid)`). */
  readonly sid: string;
  close(): void;
}

/** Connect, emit `event` with `arg` and an ack, wait for the ack, then stop reading. */
export function stalledClient(url: string, event: string, arg: unknown, timeoutMs = 5000): Promise<StalledClient> {
  // Signed in as the test server's administrator: a frozen tab is still a signed-in one.
  const session = sessionFor(url);
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: session ? { cookie: session.cookie } : {} });
  return new Promise((resolve, reject) => {
    let sid = '';
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`stalled client: no ack for ${event} in ${timeoutMs} ms`)); }, timeoutMs);
    ws.on('error', reject);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (text.startsWith('0')) ws.send('40'); // engine.io open → connect to the main namespace
      else if (text === '2') ws.send('3'); // ping → pong
      else if (text.startsWith('40')) {
        sid = (JSON.parse(text.slice(2)) as { sid: string }).sid;
        ws.send(`420${JSON.stringify([event, arg])}`); // event with ack id 0
      } else if (/^4[36]/.test(text)) { // ack, or binary ack (its attachments are left unread)
        clearTimeout(timer);
        ws.pause();
        resolve({ sid, close: () => ws.terminate() });
      }
    });
  });
}
