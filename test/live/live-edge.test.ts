/**
 * The live hub's edge against a real server: every payload that once crashed or stalled it is
 * answered with a short error, and the server keeps serving. Bounds on topics, rooms and subscribe
 * rate, and failures inside a handler, stay inside the socket that caused them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { TOPICS } from '../../streams/live-protocol.ts';

let app: TestApp;
const clients: LiveTestClient[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => { while (clients.length) clients.pop()!.close(); });
afterAll(async () => { await app?.stop(); });

function client(url = app.url): LiveTestClient {
  const c = new LiveTestClient(url);
  clients.push(c);
  return c;
}

/** Emit anything, the way a hostile or buggy client can, and wait for the ack. */
function ask(c: LiveTestClient, event: string, ...args: unknown[]): Promise<any> {
  return (c.socket as unknown as Socket).timeout(5000).emitWithAck(event, ...args);
}

async function stillServing(at: TestApp = app): Promise<void> {
  expect((await at.get('/api/health')).status).toBe(200);
  const probe = client(at.url);
  expect((await probe.subscribe('c-a', ['alert'])).ok).toBe(true);
}

const topicsMustBe = `must be an array of topics (${TOPICS.join(', ')})`;

describe('live edge: malformed requests are answered, never thrown', () => {
  it.each<[string, string, unknown[], string]>([
    ['unsubscribe { topics: 5 }', 'unsubscribe', [{ node: 'c-a', topics: 5 }], `live: unsubscribe: topics ${topicsMustBe}, got number 5`],
    ['unsubscribe { topics: true }', 'unsubscribe', [{ node: 'c-a', topics: true }], `live: unsubscribe: topics ${topicsMustBe}, got boolean true`],
    ['unsubscribe { topics: {} }', 'unsubscribe', [{ node: 'c-a', topics: {} }], `live: unsubscribe: topics ${topicsMustBe}, got an object`],
    ['unsubscribe with only topics', 'unsubscribe', [{ topics: 5 }], 'live: unsubscribe: node must be a node id: a string of 1 to 200 characters, got nothing'],
    ['unsubscribe undefined', 'unsubscribe', [undefined], 'live: unsubscribe: the request must be an object { node, topics }, got null'],
    ['unsubscribe with no argument', 'unsubscribe', [], 'live: unsubscribe: the request must be an object { node, topics }, got nothing'],
    ['subscribe undefined', 'subscribe', [undefined], 'live: subscribe: the request must be an object { node, topics, resume? }, got null'],
    ['subscribe with no argument', 'subscribe', [], 'live: subscribe: the request must be an object { node, topics, resume? }, got nothing'],
    ['subscribe a string', 'subscribe', ['c-a'], 'live: subscribe: the request must be an object { node, topics, resume? }, got string "c-a"'],
    ['subscribe { topics: "energy" }', 'subscribe', [{ node: 'c-a', topics: 'energy' }], `live: subscribe: topics ${topicsMustBe}, got string "energy"`],
    ['a node id of 10,000 characters', 'subscribe', [{ node: 'x'.repeat(10_000), topics: ['alert'] }], 'live: subscribe: node must be a node id: a string of 1 to 200 characters, got a string of 10000 characters'],
    ['a node "__proto__"', 'subscribe', [{ node: '__proto__', topics: ['alert'] }], 'live: subscribe: unknown node "__proto__"'],
    ['33 topics', 'subscribe', [{ node: 'c-a', topics: Array(33).fill('alert') }], 'live: subscribe: topics must hold at most 32 topics, got an array of 33'],
    ['resume.rooms an array', 'subscribe', [{ node: 'c-a', topics: ['alert'], resume: { epoch: 'e', rooms: [] } }], 'live: subscribe: resume.rooms must be an object of room → { seq, time }, got an array of 0'],
    ['resume seq a string', 'subscribe', [{ node: 'c-a', topics: ['alert'], resume: { epoch: 'e', rooms: { 'c-a/alert': { seq: '1', time: 0 } } } }],
      'live: subscribe: resume.rooms["c-a/alert"].seq must be a whole number ≥ 0, got string "1"'],
    ['resume epoch a number', 'subscribe', [{ node: 'c-a', topics: ['alert'], resume: { epoch: 1, rooms: {} } }],
      'live: subscribe: resume.epoch must be the server epoch: a string of 1 to 200 characters, got number 1'],
  ])('%s', async (_name, event, args, error) => {
    const c = client();
    expect(await ask(c, event, ...args)).toEqual({ ok: false, error });
    await stillServing();
  });

  it('drops malformed events that have no ack, quietly', async () => {
    const c = client();
    const raw = c.socket as unknown as Socket;
    for (const payload of [{ topics: 5 }, { topics: true }, { topics: {} }, undefined, null, 7, 'x', [], { node: 'c-a', topics: Array(3000).fill('energy') }]) {
      raw.emit('unsubscribe', payload);
      raw.emit('subscribe', payload);
      raw.emit('alertSeen', payload);
    }
    raw.emit('alertSeen', { room: 'c-a/alert', epoch: 'e', seq: '<img src=x>', clientTime: 'now' });
    await stillServing();
    expect(c.socket.connected).toBe(true);
  });

  it('closes only the connection that sends a packet over the 1 MB limit', async () => {
    const c = client();
    c.socket.io.reconnection(false);
    const closed = new Promise<string>((r) => c.socket.once('disconnect', r));
    (c.socket as unknown as Socket).emit('subscribe', { node: 'c-a', topics: Array(200_000).fill('energy') }, () => {});
    expect(await closed).toBe('transport close');
    await stillServing();
  });

  it.each([1000, 3000])('answers %i repeats of one topic at once, in a few hundred bytes', async (n) => {
    const c = client();
    const started = Date.now();
    const res = await ask(c, 'subscribe', { node: 'c-a', topics: Array(n).fill('energy') });
    expect(res).toEqual({ ok: false, error: `live: subscribe: topics must hold at most 32 topics, got an array of ${n}` });
    expect(JSON.stringify(res).length).toBeLessThan(300);
    expect(Date.now() - started).toBeLessThan(1000);
    await stillServing();
  });

  it('joins a repeated topic once: the answer is as small as for the topic named once', async () => {
    const t = Date.now();
    await app.write(Array.from({ length: 20 }, (_, i) => `energy,community=c-a,neighbourhood=n-a1,building=rep-${i},meter=m-${i},category=residential load_kw=${i} ${t}`).join('\n'), 'precision=ms');
    const once = await client().subscribe('c-a', ['energy']);
    const repeated = await ask(client(), 'subscribe', { node: 'c-a', topics: Array(32).fill('energy') });
    expect(once.ok && repeated.ok).toBe(true);
    expect(repeated.rooms).toHaveLength(1);
    expect(repeated.rooms[0].latest.schema).toHaveLength(once.ok ? once.rooms[0].latest!.schema!.length : -1);
  });

  it('ignores resume rooms named after Object.prototype, and resumes the real one', async () => {
    const c = client();
    const first = await c.subscribe('c-b', ['alert']);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const rooms = JSON.parse('{"__proto__":{"seq":0,"time":0},"constructor":{"seq":0,"time":null},"toString":{"seq":0,"time":0}}');
    rooms['c-b/alert'] = { seq: first.rooms[0].seq, time: null };
    const res = await ask(c, 'subscribe', { node: 'c-b', topics: ['alert'], resume: { epoch: first.epoch, rooms } });
    expect(res).toMatchObject({ ok: true, rooms: [{ room: 'c-b/alert', mode: 'resumed' }] });
  });
});

describe('live edge: bounds per connection', () => {
  it('refuses a subscription that would put a connection in more rooms than allowed, until it unsubscribes', async () => {
    const small = await startTestApp({ live: { maxRoomsPerSocket: 4 } });
    try {
      const c = client(small.url);
      expect((await c.subscribe('c-a', ['energy', 'alert', 'summary'])).ok).toBe(true);
      // Rooms it is in already do not count twice.
      expect((await c.subscribe('c-a', ['energy', 'alert', 'parking'])).ok).toBe(true);
      expect(await ask(c, 'subscribe', { node: 'n-a1', topics: ['alert'] })).toEqual({
        ok: false, error: 'live: subscribe: would be in 5 rooms; a connection may be in at most 4 (unsubscribe first)',
      });
      expect(await ask(c, 'unsubscribe', { node: 'c-a', topics: ['parking'] })).toEqual({ ok: true });
      expect((await ask(c, 'subscribe', { node: 'n-a1', topics: ['alert'] })).ok).toBe(true);
    } finally {
      await small.stop();
    }
  });

  it('holds one connection to its subscribe rate; others are not affected', async () => {
    const limited = await startTestApp({ live: { subscribeBurst: 3, subscribesPerSecond: 2 } });
    try {
      const c = client(limited.url);
      const answers = await Promise.all(Array.from({ length: 5 }, () => ask(c, 'subscribe', { node: 'c-a', topics: ['alert'] })));
      expect(answers.filter((a) => a.ok)).toHaveLength(3);
      for (const a of answers.filter((x) => !x.ok)) {
        expect(a.error).toMatch(/^live: subscribe: too many requests \(3 at once, then 2 a second\); retry in \d+ ms$/);
      }
      // Another connection has its own bucket; malformed requests take from it too.
      const other = client(limited.url);
      for (let i = 0; i < 3; i++) expect((await ask(other, 'subscribe', { topics: 5 })).ok).toBe(false);
      expect((await ask(other, 'subscribe', { node: 'c-a', topics: ['alert'] })).error).toMatch(/too many requests/);
      // The bucket refills.
      await new Promise((r) => setTimeout(r, 600));
      expect((await ask(c, 'subscribe', { node: 'c-a', topics: ['alert'] })).ok).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});

describe('live edge: a failing handler stays inside its socket', () => {
  it('answers the error and keeps serving when a handler throws', async () => {
    const failing = await startTestApp({
      live: { authorize: (_s, node) => { if (node.id === 'c-b') throw new Error('directory unreachable'); return true; } },
    });
    try {
      const c = client(failing.url);
      expect(await ask(c, 'subscribe', { node: 'c-b', topics: ['alert'] })).toEqual({ ok: false, error: 'live: subscribe failed: directory unreachable' });
      expect((await c.subscribe('c-a', ['alert'])).ok).toBe(true);
      await until(() => c.socket.connected, 1000, 'still connected');
      await stillServing(failing);
    } finally {
      await failing.stop();
    }
  });
});
