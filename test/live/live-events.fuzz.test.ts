/**
 * Fuzzing the live hub's edge: random arguments for every client → server event (any JSON value,
 * huge arrays, deep nesting, wrong types, repeated topics, keys like `__proto__` and
 * `constructor`), sent by a real Socket.IO client to a real server. The server must never crash,
 * must answer every ack with `{ ok: false, error }` or a well-formed result, and must still stream
 * to a well-behaved client afterwards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { fuzzParams } from '../support/fuzz.ts';
import { startTestApp, TEST_HIERARCHY, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { TOPICS, type ClientToServer } from '../../streams/live-protocol.ts';
import { sessionHeaders } from '../support/session.ts';

let app: TestApp;
let watcher: LiveTestClient;
let fuzzer: Socket;
beforeAll(async () => {
  // Default bounds except the subscribe rate, so the fuzzer reaches past the rate limit into the checks.
  app = await startTestApp({ live: { subscribeBurst: 1_000_000, subscribesPerSecond: 1_000_000 } });
  watcher = new LiveTestClient(app.url);
  expect((await watcher.subscribe('c-a', ['energy', 'alert'])).ok).toBe(true);
  fuzzer = io(app.url, { ...sessionHeaders(app.url), transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve) => fuzzer.once('connect', () => resolve()));
});
afterAll(async () => {
  watcher?.close();
  fuzzer?.close();
  await app?.stop();
});

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** An object with exactly these own keys; `__proto__` becomes an own key, as JSON.parse makes it on the server. */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/**
 * Sizes stay under Socket.IO's 1 MB packet limit (`maxHttpBufferSize`) so the fuzzer's connection
 * survives: one huge array or map per payload at most, of short entries (≤ 20,000 × ~12 bytes).
 */
function arbitraries(epoch: string) {
  const json = fc.jsonValue({ maxDepth: 3 });
  const topicLike = fc.constantFrom<unknown>(...TOPICS, 'secrets', '', 'ENERGY', ...PROTO_KEYS);
  const short = fc.oneof(topicLike, fc.integer(), fc.constant(null), fc.constant({}), fc.constant([]));
  const huge = fc.tuple(fc.integer({ min: 1000, max: 20_000 }), short).map(([n, v]) => Array.from({ length: n }, () => v));
  const deep = fc.integer({ min: 20, max: 500 }).map((depth) => {
    let v: unknown = 'energy';
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { node: v };
    return v;
  });
  const withProtoKeys = (value: fc.Arbitrary<unknown>) =>
    fc.array(fc.tuple(fc.constantFrom(...PROTO_KEYS, 'node', 'topics', 'resume', 'rooms', 'seq'), value), { maxLength: 6 }).map(objectOf);
  /** Anything that is not big, for places inside a payload. */
  const small = fc.oneof(json, deep, withProtoKeys(json));
  /** Anything, big included, for the one place per payload that may be. */
  const anything = fc.oneof(small, huge);

  const nodeId = fc.oneof(
    fc.constantFrom<unknown>(...TEST_HIERARCHY.map((n) => n.id), ...PROTO_KEYS, ''),
    fc.string({ maxLength: 300 }),
    fc.integer({ min: 150, max: 20_000 }).map((n) => 'n'.repeat(n)),
    small,
  );
  const topics = fc.oneof(
    fc.array(fc.constantFrom(...TOPICS), { minLength: 1, maxLength: 40 }), // valid, with repeats
    fc.array(topicLike, { maxLength: 40 }),
    huge,
    small,
  );
  const roomName = fc.oneof(
    fc.tuple(fc.constantFrom(...TEST_HIERARCHY.map((n) => n.id)), fc.constantFrom(...TOPICS)).map(([n, t]) => `${n}/${t}`),
    fc.constantFrom(...PROTO_KEYS),
    fc.string({ maxLength: 300 }),
  );
  const cursor = fc.oneof(
    fc.record({ seq: fc.oneof(fc.nat(), fc.integer(), fc.double(), json), time: fc.oneof(fc.double(), fc.constant(null), json) }, { requiredKeys: [] }),
    small,
  );
  const manyRooms = fc.integer({ min: 65, max: 10_000 }).map((n) => objectOf(Array.from({ length: n }, (_, i) => [`c-a/r${i}`, { seq: i, time: 0 }])));
  const rooms = fc.oneof(fc.array(fc.tuple(roomName, cursor), { maxLength: 100 }).map(objectOf), small);
  const resume = fc.oneof(
    fc.constant(undefined),
    fc.record({ epoch: fc.oneof(fc.constant(epoch), fc.string({ maxLength: 40 }), json), rooms }, { requiredKeys: [] }),
    small,
  );
  // A resume with thousands of rooms, beside topics that are not huge.
  const bigResume = fc.record({ epoch: fc.constant(epoch), rooms: manyRooms });
  // Well-formed but for prototype keys among the rooms: reaches the hub's resume and catch-up paths.
  const goodCursor = fc.record({ seq: fc.nat({ max: 1000 }), time: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: Date.now() })) });
  const goodResume = fc.record({ epoch: fc.constant(epoch), rooms: fc.array(fc.tuple(roomName, goodCursor), { maxLength: 12 }).map(objectOf) });
  const goodNode = fc.constantFrom(...TEST_HIERARCHY.map((n) => n.id));
  const goodTopics = fc.array(fc.constantFrom(...TOPICS), { minLength: 1, maxLength: 32 });
  const seq = fc.oneof(fc.nat(), fc.double(), json);
  // Keyed by the event map: a new client → server event does not compile until it is fuzzed here.
  const structured: Record<keyof ClientToServer, fc.Arbitrary<unknown>> = {
    subscribe: fc.oneof(
      { weight: 3, arbitrary: fc.record({ node: goodNode, topics: goodTopics, resume: fc.oneof(fc.constant(undefined), goodResume) }) },
      { weight: 3, arbitrary: fc.record({ node: nodeId, topics, resume }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.record({ node: nodeId, topics: fc.array(topicLike, { maxLength: 40 }), resume: bigResume }) },
    ),
    unsubscribe: fc.oneof(
      fc.record({ node: goodNode, topics: goodTopics }),
      fc.record({ node: nodeId, topics }, { requiredKeys: [] }),
    ),
    alertSeen: fc.oneof(
      fc.record({ room: roomName, epoch: fc.constant(epoch), seq: fc.nat(), clientTime: fc.integer({ min: 0 }) }),
      fc.record({ room: roomName, epoch: fc.oneof(fc.constant(epoch), json), seq, clientTime: fc.oneof(fc.double(), json) }, { requiredKeys: [] }),
    ),
  };
  const event = fc.oneof(
    { weight: 3, arbitrary: fc.constant<keyof ClientToServer>('subscribe') },
    { weight: 2, arbitrary: fc.constant<keyof ClientToServer>('unsubscribe') },
    { weight: 1, arbitrary: fc.constant<keyof ClientToServer>('alertSeen') },
  );
  return event.chain((event) => {
    const payload = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(structured[event], withProtoKeys(json)).map(([p, extra]) =>
        (p && typeof p === 'object' ? objectOf([...Object.entries(p), ...Object.entries(extra)]) : p)) },
      { weight: 1, arbitrary: anything },
    );
    // (fc.oneof leans to its first choice inside nested arbitraries: the common case goes first.)
    const args = fc.oneof(
      { weight: 6, arbitrary: payload.map((p): unknown[] => [p]) },
      { weight: 1, arbitrary: fc.constant([] as unknown[]) },
      { weight: 1, arbitrary: fc.tuple(payload, json).map(([p, extra]) => [p, extra]) },
    );
    // Mostly with an ack, so most runs check the answer.
    return fc.record({ event: fc.constant(event), args, ack: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) });
  });
}

/** A refusal that names the subsystem, or a result of the shape the event map promises. */
function expectAnswer(event: string, args: unknown[], res: any): void {
  if (res?.ok === false) {
    expect(typeof res.error).toBe('string');
    expect(res.error).toMatch(/^live: /);
    // Describes the bad value; never echoes it whole.
    expect(res.error.length).toBeLessThan(400);
    return;
  }
  if (event === 'unsubscribe') {
    expect(res).toEqual({ ok: true });
    return;
  }
  expect(res).toMatchObject({ ok: true, epoch: app.hub.epoch });
  const requested = (args[0] as { topics: string[] }).topics;
  expect(res.rooms).toHaveLength(new Set(requested).size);
  for (const r of res.rooms) {
    expect(typeof r.room).toBe('string');
    expect(Number.isSafeInteger(r.seq)).toBe(true);
    expect(['snapshot', 'resumed']).toContain(r.mode);
  }
}

it('answers any arguments of any event without crashing, and keeps streaming', async () => {
  const raw = fuzzer;
  await fc.assert(fc.asyncProperty(arbitraries(app.hub.epoch), async ({ event, args, ack }) => {
    if (ack && event !== 'alertSeen') expectAnswer(event, args, await raw.timeout(5000).emitWithAck(event, ...args));
    else raw.emit(event, ...args);
    // The same connection still gets answers (the server is up and did not drop it).
    expect(await raw.timeout(5000).emitWithAck('unsubscribe', { node: 'c-a', topics: [] })).toEqual({ ok: true });
  }), fuzzParams(300));

  expect(raw.connected).toBe(true);
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect((await app.get('/api/health')).status).toBe(200);
  const t = Date.now();
  await app.write(`energy,community=c-a,neighbourhood=n-a1,building=after-fuzz,meter=m-1,category=residential load_kw=7.5 ${t}`, 'precision=ms');
  await until(() => watcher.samples.some((s) => s.t === t && s.v === 7.5), 5000, 'a sample at the well-behaved client after the fuzzing');
  expect(watcher.gaps).toBe(0);
});
