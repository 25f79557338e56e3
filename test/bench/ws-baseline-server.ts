/**
 * Baseline for the latency benchmark: a raw `ws` server that broadcasts binary messages of given
 * sizes at given rates to every connected client — the least work any server could do to deliver
 * the same traffic. Each message starts with its send time (float64 LE, epoch ms) and a type byte
 * (1 telemetry, 2 alert), so clients measure latency the same way as for Socket.IO.
 *
 * Prints {"url": "ws://127.0.0.1:<port>", "pid": ...} when listening; IPC commands:
 * `start { telemetrySizes, telemetryPerSec, alertSize, alertsPerSec, tickMs }`, `stop`, `clients`.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { serveParent } from './support/children.ts';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
await new Promise<void>((r) => wss.once('listening', () => r()));
const port = (wss.address() as AddressInfo).port;

let timers: NodeJS.Timeout[] = [];
let sent = 0;

function message(size: number, type: number): Buffer {
  const b = Buffer.alloc(Math.max(9, size), 0x5a);
  b.writeDoubleLE(Date.now(), 0);
  b[8] = type;
  return b;
}

function broadcast(buf: Buffer): void {
  // As Socket.IO does for a room: one encoded buffer, written to every client socket.
  for (const ws of wss.clients as Set<WebSocket>) { ws.send(buf, { binary: true }); sent++; }
}

function start(a: Record<string, unknown>): { ok: true } {
  stop();
  const sizes = (a.telemetrySizes as number[]).length ? (a.telemetrySizes as number[]) : [1000];
  const telemetryPerSec = Number(a.telemetryPerSec);
  const alertSize = Number(a.alertSize);
  const alertsPerSec = Number(a.alertsPerSec);
  const tickMs = Number(a.tickMs);
  // Telemetry goes out on the coalescing tick, like the live hub's flush: several rooms' frames at once.
  let owed = 0;
  let next = 0;
  timers.push(setInterval(() => {
    owed += (telemetryPerSec * tickMs) / 1000;
    while (owed >= 1) { owed--; broadcast(message(sizes[next++ % sizes.length], 1)); }
  }, tickMs));
  if (alertsPerSec > 0) timers.push(setInterval(() => broadcast(message(alertSize, 2)), 1000 / alertsPerSec));
  return { ok: true };
}

function stop(): { sent: number } {
  timers.forEach(clearInterval);
  timers = [];
  return { sent };
}

serveParent(
  { start, stop, clients: () => ({ clients: wss.clients.size }) },
  { url: `ws://127.0.0.1:${port}`, pid: process.pid },
  async () => {
    stop();
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  },
);
