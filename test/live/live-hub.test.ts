import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { TOPICS, readColumns } from '../../streams/live-protocol.ts';

let app: TestApp;
const clients: LiveTestClient[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => { while (clients.length) clients.pop()!.close(); });
afterAll(async () => { await app?.stop(); });

function client(): LiveTestClient {
  const c = new LiveTestClient(app.url);
  clients.push(c);
  return c;
}

const energy = (building: string, kw: number, t: number, n = 'n-a1', c = 'c-a') =>
  `energy,community=${c},neighbourhood=${n},building=${building},meter=m-${building},category=residential load_kw=${kw},pv_kw=0 ${t}`;

describe('live hub', () => {
  it('sends a snapshot of latest values, then coalesced columnar deltas', async () => {
    const t0 = Date.now() - 10_000;
    await app.write([energy('snap-1', 11, t0), energy('snap-2', 22, t0)].join('\n'), 'precision=ms');
    const c = client();
    const res = await c.subscribe('c-a', ['energy']);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const snap = res.rooms[0];
    expect(snap.mode).toBe('snapshot');
    const names = new Map(snap.latest!.schema!.map((d) => [d.id, `${d.tags.building}.${d.field}`]));
    const latest = new Map<string, number>();
    // Columns arrive packed in one base64 string (so the frame is one text packet), not as arrays of objects.
    expect(snap.latest!.samples).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const cols = readColumns(snap.latest!.samples);
    expect(cols.sid.length).toBeGreaterThan(0);
    const b1 = [...cols.sid].findIndex((id) => names.get(id) === 'snap-1.load_kw');
    expect(cols.v[b1]).toBe(11);
    expect(cols.t[b1]).toBe(t0);
    c.frames.length = 0;
    // Deltas: 50 writes in quick succession arrive in a few frames, not 50.
    for (let i = 0; i < 50; i++) await app.write(energy('snap-1', 100 + i, t0 + 1 + i), 'precision=ms');
    await until(() => c.samples.filter((s) => s.v >= 100).length >= 50, 5000, '50 deltas');
    expect(c.frames.length).toBeLessThan(50);
    const values = c.samples.filter((s) => names.get(s.sid) === 'snap-1.load_kw' || c.schema.get(s.sid)?.tags.building === 'snap-1')
      .filter((s) => c.schema.get(s.sid)?.field === 'load_kw').map((s) => s.v);
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
    for (const s of c.samples) latest.set(String(s.sid), s.v);
    expect(c.duplicates).toBe(0);
    expect(c.gaps).toBe(0);
  });

  it('coalesces to at most 5 frames per second per room', async () => {
    const c = client();
    await c.subscribe('n-a2', ['energy']);
    c.frames.length = 0;
    const start = Date.now();
    while (Date.now() - start < 2000) {
      await app.write(energy('rate', Math.random(), Date.now(), 'n-a2'), 'precision=ms');
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 300));
    const frames = c.frames.filter((f) => f.room === 'n-a2/energy').length;
    expect(frames).toBeGreaterThanOrEqual(5);
    expect(frames).toBeLessThanOrEqual(12);
  });

  it('sends safety alerts at once to the neighbourhood, community, street, district and city', async () => {
    const watchers = await Promise.all(['n-a1', 'c-a', 's-1', 'd-yz', 'cq', 'c-b'].map(async (node) => {
      const c = client();
      expect((await c.subscribe(node, ['alert'])).ok).toBe(true);
      return [node, c] as const;
    }));
    const sent = Date.now();
    await app.write('alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=smk-1 location="3栋2单元",message="烟感报警",value=1', 'precision=ms');
    for (const [node, c] of watchers) {
      if (node === 'c-b') continue;
      await until(() => c.alerts.length === 1, 2000, `alert at ${node}`);
      expect(c.alerts[0].alert).toMatchObject({ type: 'fire', severity: 'critical', location: '3栋2单元', message: '烟感报警', device: 'smk-1' });
      // Not held back by the 200 ms coalescing window.
      expect(c.alerts[0].at - sent).toBeLessThan(150);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(watchers.find(([n]) => n === 'c-b')![1].alerts).toHaveLength(0);
  });

  it('a street centre gets its communities\' totals, not their raw telemetry', async () => {
    const t = Date.now();
    await app.write([energy('tot-a', 40, t, 'n-a1', 'c-a'), energy('tot-b', 60, t, 'n-b1', 'c-b')].join('\n'), 'precision=ms');
    const c = client();
    const res = await c.subscribe('s-1', ['summary']);
    expect(res.ok).toBe(true);
    await until(() => c.summaries.length > 0, 3000, 'a summary');
    const total = c.summaries.at(-1)!.values['energy.load_kw'];
    const expected = [...app.catalog.find({ measurement: 'energy', field: 'load_kw' })]
      .reduce((sum, d) => sum + app.catalog.latestValue(d.id), 0);
    expect(total.value).toBeCloseTo(expected, 6);
    expect(total.series).toBeGreaterThanOrEqual(2);
    const refused = await c.subscribe('s-1', ['energy']);
    expect(refused).toEqual({ ok: false, error: 'live: subscribe: topic "energy" is only for communities and neighbourhoods; a street has alert and summary' });
  });

  it.each([
    ['unknown node', { node: 'c-nowhere', topics: ['energy'] }, 'live: subscribe: unknown node "c-nowhere"'],
    ['HTML in the node id', { node: '<img src=x onerror=alert(1)>', topics: ['alert'] }, 'live: subscribe: unknown node "<img src=x onerror=alert(1)>"'],
    ['unknown topic', { node: 'c-a', topics: ['secrets'] }, `live: subscribe: topics[0] must be one of ${TOPICS.join(', ')}, got string "secrets"`],
    ['no node', { topics: ['alert'] }, 'live: subscribe: node must be a node id: a string of 1 to 200 characters, got nothing'],
  ])('refuses a subscription with %s', async (_name, req, error) => {
    const c = client();
    const res = await c.socket.timeout(5000).emitWithAck('subscribe', req as never);
    expect(res).toEqual({ ok: false, error });
  });
});

describe('reconnect', () => {
  it('a client cut mid-stream gets every sample exactly once after it reconnects', async () => {
    const c = client();
    await c.subscribe('c-b', ['energy']);
    const t0 = Date.now() - 60_000;
    const N = 300;
    let cutDone = false;
    for (let i = 0; i < N; i++) {
      await app.write(energy('rc', i, t0 + i, 'n-b1', 'c-b'), 'precision=ms');
      if (i === 100) { c.cut(); cutDone = true; }
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 30));
    }
    expect(cutDone).toBe(true);
    await until(() => c.samples.filter((s) => c.schema.get(s.sid)?.tags.building === 'rc' && c.schema.get(s.sid)?.field === 'load_kw').length >= N, 8000, 'all samples after the cut');
    const got = c.samples.filter((s) => c.schema.get(s.sid)?.tags.building === 'rc' && c.schema.get(s.sid)?.field === 'load_kw').map((s) => s.v);
    expect(got).toEqual(Array.from({ length: N }, (_, i) => i));
    const seqs = c.seqs.get('c-b/energy')!;
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);
    expect(c.duplicates).toBe(0);
    expect(c.gaps).toBe(0);
  });

  it('falls back to the store when the gap is longer than the replay buffer', async () => {
    const small = await startTestApp({ live: { replayFrames: 2 } });
    const c = new LiveTestClient(small.url);
    try {
      await c.subscribe('c-a', ['energy']);
      const t0 = Date.now() - 30_000;
      await small.write(energy('gap', 0, t0), 'precision=ms');
      await until(() => c.samples.length > 0, 3000, 'first sample');
      c.socket.io.reconnection(false);
      c.cut();
      await until(() => !c.socket.connected, 2000, 'disconnect');
      for (let i = 1; i <= 20; i++) {
        await small.write(energy('gap', i, t0 + i), 'precision=ms');
        await new Promise((r) => setTimeout(r, 220)); // one frame each, more than the buffer keeps
      }
      await small.writer.flush();
      c.socket.io.reconnection(true);
      c.socket.connect();
      await until(() => c.samples.filter((s) => c.schema.get(s.sid)?.field === 'load_kw').length >= 21, 5000, 'catch-up from the store');
      const got = c.samples.filter((s) => c.schema.get(s.sid)?.field === 'load_kw').map((s) => s.v);
      expect(got).toEqual(Array.from({ length: 21 }, (_, i) => i));
      expect(c.frames.some((f) => f.fromStore)).toBe(true);
    } finally {
      c.close();
      await small.stop();
    }
  });
});
