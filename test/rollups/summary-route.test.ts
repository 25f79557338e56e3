/**
 * GET /api/summary on a real server: a node's rolled-up live figures and its children's follow the
 * writes (a sum going down, a max whose holder moved off it), the tree's edits move the figures
 * with the places, the live hub's summary frames carry the same figures, and bad node ids are
 * answered with what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app?.stop(); });

const energy = (n: string, c: string, meter: string, kw: number, t: number) =>
  `energy,community=${c},neighbourhood=${n},building=${meter},meter=m-${meter},category=residential load_kw=${kw} ${t}`;
const drain = (n: string, c: string, pipe: string, m: number, t: number) =>
  `pipe,community=${c},neighbourhood=${n},network=drainage,segment=${pipe} level_m=${m} ${t}`;

interface Figures { [key: string]: { value: number; series: number } }
interface Summary { node: { id: string; level: string; name: { zh: string; en: string } }; time: number; values: Figures; children: { id: string; level: string; values: Figures }[] }

async function summary(node: string): Promise<Summary> {
  const res = await app.get(`/api/summary?node=${encodeURIComponent(node)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Summary;
}
const figure = (s: { values: Figures }, key: string) => s.values[key];
const child = (s: Summary, id: string) => s.children.find((c) => c.id === id)!;

describe('GET /api/summary', () => {
  it('rolls the latest values up the tree as they change, with each child\'s figures', async () => {
    const t = Date.now() - 60_000;
    const write = async (lines: string[]) => expect((await app.write(lines.join('\n'), 'precision=ms')).status).toBe(204);
    await write([
      energy('n-a1', 'c-a', 'b1', 10, t), energy('n-a1', 'c-a', 'b2', 5, t), energy('n-a2', 'c-a', 'b3', 7, t), energy('n-b1', 'c-b', 'b4', 20, t),
      drain('n-a1', 'c-a', 'p1', 1.5, t), drain('n-a2', 'c-a', 'p2', 0.5, t), drain('n-b1', 'c-b', 'p3', 0.25, t),
    ]);
    const street = await summary('s-1');
    expect(street.node).toEqual({ id: 's-1', level: 'street', name: { zh: '两路口街道', en: 'Lianglukou' } });
    expect(Math.abs(street.time - Date.now())).toBeLessThan(5000);
    expect(figure(street, 'energy.load_kw')).toEqual({ value: 42, series: 4 });
    expect(figure(street, 'pipe.level_m')).toEqual({ value: 1.5, series: 3 });
    expect(street.children.map((c) => [c.id, c.level])).toEqual([['c-a', 'community'], ['c-b', 'community']]);
    expect(figure(child(street, 'c-a'), 'energy.load_kw')).toEqual({ value: 22, series: 3 });
    expect(figure(child(street, 'c-b'), 'energy.load_kw')).toEqual({ value: 20, series: 1 });

    // b1 falls from 10 to 3; the deepest drain goes from 1.5 to 0.1, so the max is another pipe's.
    await write([energy('n-a1', 'c-a', 'b1', 3, t + 1000), drain('n-a1', 'c-a', 'p1', 0.1, t + 1000)]);
    const after = await summary('s-1');
    expect(figure(after, 'energy.load_kw')).toEqual({ value: 35, series: 4 });
    expect(figure(after, 'pipe.level_m')).toEqual({ value: 0.5, series: 3 });
    // A sample older than the latest changes nothing.
    await write([energy('n-a1', 'c-a', 'b1', 100, t)]);
    expect(figure(await summary('cq'), 'energy.load_kw')).toEqual({ value: 35, series: 4 });

    const community = await summary('c-a');
    expect(community.children.map((c) => c.id)).toEqual(['n-a1', 'n-a2']);
    expect(figure(child(community, 'n-a1'), 'energy.load_kw')).toEqual({ value: 8, series: 2 });
    expect(figure(child(community, 'n-a2'), 'pipe.level_m')).toEqual({ value: 0.5, series: 1 });
    const leaf = await summary('n-a2');
    expect(leaf.children).toEqual([]);
    expect(figure(leaf, 'energy.load_kw')).toEqual({ value: 7, series: 1 });
  });

  it('moves a community\'s figures with it when the tree is edited', async () => {
    const before = figure(await summary('s-1'), 'energy.load_kw');
    const cb = figure(await summary('c-b'), 'energy.load_kw');
    const created = await app.fetch('/api/admin/sites', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 's-2', level: 'street', parent: 'd-yz', code: null, name: { zh: '新街道', en: 'New street' } }),
    });
    expect(created.status).toBe(201);
    const moved = await app.fetch('/api/admin/sites/c-b', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ parent: 's-2' }) });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const old = await summary('s-1');
    expect(old.children.map((c) => c.id)).toEqual(['c-a']);
    expect(figure(old, 'energy.load_kw')).toEqual({ value: before.value - cb.value, series: before.series - cb.series });
    expect(figure(await summary('s-2'), 'energy.load_kw')).toEqual(cb);
    expect(figure(await summary('d-yz'), 'energy.load_kw')).toEqual(before);
    expect(figure(child(await summary('d-yz'), 's-2'), 'energy.load_kw')).toEqual(cb);
  });

  it('sends the same figures in the live hub\'s summary frames', async () => {
    const c = new LiveTestClient(app.url);
    try {
      const res = await c.subscribe('d-yz', ['summary']);
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      expect(res.rooms[0].summary!.values).toEqual((await summary('d-yz')).values);
      await app.write(energy('n-a2', 'c-a', 'b3', 9, Date.now()), 'precision=ms');
      const want = (await summary('d-yz')).values;
      expect(figure({ values: want }, 'energy.load_kw').value).toBe(37);
      await until(() => c.summaries.some((s) => s.values['energy.load_kw']?.value === 37), 3000, 'a summary frame with the new total');
      expect(c.summaries.at(-1)!.values).toEqual(want);
    } finally {
      c.close();
    }
  });

  it('answers a missing, repeated or unknown node with what is wrong', async () => {
    const missing = await app.get('/api/summary');
    expect(missing).toEqual({ status: 400, body: { error: 'api: name a hierarchy node: /api/summary?node=<id> (the tree is at /api/hierarchy)' } });
    expect((await app.get('/api/summary?node=')).status).toBe(400);
    const twice = await app.get('/api/summary?node=c-a&node=c-b');
    expect(twice).toEqual({ status: 400, body: { error: 'api: give node once, as one id: /api/summary?node=<id>' } });
    const unknown = await app.get(`/api/summary?node=${encodeURIComponent('<script>x</script>')}`);
    expect(unknown).toEqual({ status: 404, body: { error: 'api: unknown node "<script>x</script>"; the tree is at /api/hierarchy' } });
    const proto = await app.get('/api/summary?node=__proto__');
    expect(proto.status).toBe(404);
    const long = await app.get(`/api/summary?node=${'x'.repeat(5000)}`);
    expect(long.status).toBe(404);
    expect(long.body.error.length).toBeLessThan(200);
  });
});
