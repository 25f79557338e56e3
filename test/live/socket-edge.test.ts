/** SocketEdge on a bare Socket.IO server: handler failures, sync or async, are answered and logged once per socket. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { SocketEdge } from '../../server/live/socket-edge.ts';
import { liveEventSchemas } from '../../server/live/live-events.ts';
import type { LiveServer } from '../../server/live/live-hub.ts';
import { until } from '../support/live-client.ts';

const schemas = liveEventSchemas({ maxIdLength: 200, maxTopics: 32, maxResumeRooms: 64 });
const http = createServer();
const server: LiveServer = new Server(http);
let url = '';
const seen: unknown[] = [];

beforeAll(async () => {
  server.on('connection', (socket) => {
    const edge = new SocketEdge(socket);
    edge.request('unsubscribe', schemas.unsubscribe, (req) => {
      if (req.node === 'sync') throw new Error('sync failure');
      if (req.node === 'async') return Promise.reject(new Error('async failure'));
      return { ok: true as const };
    });
    edge.notice('alertSeen', schemas.alertSeen, (s) => {
      seen.push(s);
      throw new Error('observer failure');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });

it('answers a throwing or rejecting handler with its error, logs the socket\'s first failure only, and stays connected', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const c: Socket = connect(url, { transports: ['websocket'] });
  try {
    const ask = (node: string) => c.timeout(2000).emitWithAck('unsubscribe', { node, topics: [] });
    expect(await ask('sync')).toEqual({ ok: false, error: 'live: unsubscribe failed: sync failure' });
    expect(await ask('async')).toEqual({ ok: false, error: 'live: unsubscribe failed: async failure' });
    c.emit('alertSeen', { room: 'c-a/alert', epoch: 'e', seq: 1, clientTime: 5 });
    await until(() => seen.length === 1, 2000, 'the notice');
    expect(await ask('fine')).toEqual({ ok: true });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0][0])).toMatch(/^live: unsubscribe from socket \S+ failed/);
    expect(c.connected).toBe(true);
    c.disconnect();
    await until(() => logged.mock.calls.length === 2, 2000, 'the count of the failures not logged');
    expect(logged.mock.calls[1][0]).toMatch(/^live: socket \S+: 2 more handler failures were not logged$/);
  } finally {
    c.close();
    logged.mockRestore();
  }
});
