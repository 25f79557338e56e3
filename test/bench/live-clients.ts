/**
 * Many live clients in one process (a child of the bench, so their receive work does not share the
 * load generator's event loop): Socket.IO clients subscribed like the dashboard, or raw `ws`
 * clients of the baseline server. Receipt handling is kept to a few array operations per frame:
 * latency (Date.now() at receipt − sample time) goes into 1 ms histograms, nothing is retained.
 *
 * IPC commands: `connect { mode: 'sio'|'ws', url, clients, cookie?, node?, topics? }` (`cookie`: the
 * session cookie Socket.IO clients sign their handshake in with), `reset` (start of the
 * measured window), `report`, `close`.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { readColumns, type AlertFrame, type ClientToServer, type ServerToClient, type TelemetryFrame, type Topic } from '../../streams/live-protocol.ts';
import { Histogram, type HistogramData } from './support/histogram.ts';
import { serveParent } from './support/children.ts';
import { socketAuth } from './support/bench-auth.ts';

export interface ClientsReport {
  clients: number;
  connected: number;
  disconnects: number;
  telemetryMessages: number;
  telemetrySamples: number;
  alertMessages: number;
  /** Telemetry latency per sample (Socket.IO) or per message (raw ws), ms. */
  telemetry: HistogramData;
  alert: HistogramData;
  /** Sequence gaps seen (frames lost) and duplicates, over all clients and rooms. */
  gaps: number;
  duplicates: number;
  /** Wire size of every telemetry message the first client got in the window, bytes (approximate for Socket.IO). */
  telemetrySizes: number[];
  meanAlertBytes: number;
  /** Window length and this process's CPU over it. */
  seconds: number;
  cpuSeconds: number;
}

const telemetry = new Histogram();
const alert = new Histogram();
let telemetryMessages = 0;
let telemetrySamples = 0;
let alertMessages = 0;
let alertBytes = 0;
let alertCount0 = 0;
let gaps = 0;
let duplicates = 0;
let disconnects = 0;
let telemetrySizes: number[] = [];
let windowStart = Date.now();
let cpuStart = process.cpuUsage();

const sockets: Socket<ServerToClient, ClientToServer>[] = [];
const raws: WebSocket[] = [];

/** Approximate bytes on the wire of a telemetry event: one text packet (the columns in base64). */
function telemetryBytes(f: TelemetryFrame): number {
  return Buffer.byteLength(JSON.stringify(['telemetry', f])) + 2;
}

function sioClient(url: string, cookie: string, index: number, node: string, topics: Topic[]): Promise<void> {
  const socket: Socket<ServerToClient, ClientToServer> = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? socketAuth(cookie) : {}) });
  sockets.push(socket);
  const lastSeq = new Map<string, number>();
  const seq = (room: string, s: number): boolean => {
    const prev = lastSeq.get(room);
    if (prev !== undefined && s <= prev) { duplicates++; return false; }
    if (prev !== undefined && s > prev + 1) gaps += s - prev - 1;
    lastSeq.set(room, s);
    return true;
  };
  socket.on('telemetry', (f) => {
    const at = Date.now();
    if (!seq(f.room, f.seq)) return;
    telemetryMessages++;
    // Views on the received buffer (a copy only if it arrived unaligned), as the dashboard reads them.
    const t = readColumns(f.samples).t;
    const n = t.length;
    for (let i = 0; i < n; i++) telemetry.add(at - t[i]);
    telemetrySamples += n;
    if (f.text) {
      for (const ts of f.text.t) telemetry.add(at - ts);
      telemetrySamples += f.text.t.length;
    }
    if (index === 0 && telemetrySizes.length < 200_000) telemetrySizes.push(telemetryBytes(f));
  });
  socket.on('alert', (f: AlertFrame) => {
    const at = Date.now();
    if (!seq(f.room, f.seq)) return;
    alertMessages++;
    alert.add(at - f.alert.time);
    if (index === 0) { alertBytes += Buffer.byteLength(JSON.stringify(['alert', f])) + 2; alertCount0++; }
  });
  socket.on('disconnect', () => { disconnects++; });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (e) => reject(new Error(`client ${index}: ${e.message}`)));
    socket.once('connect', () => {
      socket.timeout(30_000).emit('subscribe', { node, topics }, (err, res) => {
        if (err) reject(new Error(`client ${index}: subscribe timed out`));
        else if (!res.ok) reject(new Error(`client ${index}: subscribe refused: ${res.error}`));
        else {
          for (const r of res.rooms) lastSeq.set(r.room, r.seq);
          resolve();
        }
      });
    });
  });
}

function wsClient(url: string, index: number): Promise<void> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  raws.push(ws);
  ws.on('message', (data: Buffer) => {
    const at = Date.now();
    const sentAt = data.readDoubleLE(0);
    if (data[8] === 2) {
      alertMessages++;
      alert.add(at - sentAt);
      if (index === 0) { alertBytes += data.length; alertCount0++; }
    } else {
      telemetryMessages++;
      telemetry.add(at - sentAt);
      if (index === 0 && telemetrySizes.length < 200_000) telemetrySizes.push(data.length);
    }
  });
  ws.on('close', () => { disconnects++; });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (e) => reject(new Error(`ws client ${index}: ${e.message}`)));
  });
}

async function connect(a: Record<string, unknown>): Promise<{ connected: number }> {
  const n = Number(a.clients);
  const url = String(a.url);
  // Connect in small groups: 50 simultaneous handshakes would measure connection setup, not delivery.
  for (let i = 0; i < n; i += 10) {
    const group: Promise<void>[] = [];
    for (let j = i; j < Math.min(n, i + 10); j++) {
      group.push(a.mode === 'ws' ? wsClient(url, j) : sioClient(url, String(a.cookie ?? ''), j, String(a.node), a.topics as Topic[]));
    }
    await Promise.all(group);
  }
  return { connected: sockets.length + raws.length };
}

function reset(): { ok: true } {
  telemetry.reset();
  alert.reset();
  telemetryMessages = telemetrySamples = alertMessages = alertBytes = alertCount0 = gaps = duplicates = 0;
  telemetrySizes = [];
  windowStart = Date.now();
  cpuStart = process.cpuUsage();
  return { ok: true };
}

function report(): ClientsReport {
  const cpu = process.cpuUsage(cpuStart);
  const connected = sockets.filter((s) => s.connected).length + raws.filter((w) => w.readyState === WebSocket.OPEN).length;
  return {
    clients: sockets.length + raws.length, connected, disconnects,
    telemetryMessages, telemetrySamples, alertMessages,
    telemetry: telemetry.toData(), alert: alert.toData(), gaps, duplicates,
    telemetrySizes, meanAlertBytes: alertCount0 ? alertBytes / alertCount0 : 0,
    seconds: (Date.now() - windowStart) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

function close(): { ok: true } {
  for (const s of sockets) s.close();
  for (const w of raws) w.terminate();
  return { ok: true };
}

serveParent({ connect, reset, report, close }, { pid: process.pid }, () => { close(); });
