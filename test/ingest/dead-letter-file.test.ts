/**
 * The dead-letter file stays within its bounds however much is refused: the oldest letters go and
 * are counted, the file is compacted, and what is kept (and what a replay removed) survives a restart.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeadLetters, type NewDeadLetter } from '../../server/ingest/dead-letters.ts';
import { keepBody } from '../../server/ingest/dead-letter-intake.ts';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'dead-letters-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const source = { kind: 'gateway' as const, id: 'tok-1', name: 'gw-1', address: '10.0.0.7' };
const letters = (n: number, from = 0): NewDeadLetter[] => Array.from({ length: n }, (_, i) => ({
  at: 1_700_000_000_000 + from + i, source, reason: 'parse', message: `line ${i + 1}: unable to parse`, line: i + 1, raw: `bad line ${from + i}`, precision: 'ms',
}));
const fileLines = (d: DeadLetters) => readFileSync(d.path, 'utf8').split('\n').filter(Boolean).length;

it('drops the oldest letters past the count bound, counts them, and keeps the file near the bound', () => {
  const d = new DeadLetters(dir, { maxRecords: 100, maxBytes: 1 << 20 });
  for (let b = 0; b < 30; b++) d.add(letters(50, b * 50));
  expect(d.stats).toMatchObject({ kept: 100, dropped: 1400, refused: 1500 });
  expect(d.list().map((l) => l.raw)).toEqual(Array.from({ length: 100 }, (_, i) => `bad line ${1400 + i}`));
  expect(fileLines(d)).toBeLessThanOrEqual(100 + 64 + 50);
  expect(d.bySource()).toEqual([expect.objectContaining({ key: 'gateway:tok-1', lines: 1500, address: '10.0.0.7' })]);
});

it('drops the oldest letters past the byte bound', () => {
  const d = new DeadLetters(dir, { maxRecords: 1_000_000, maxBytes: 256 * 1024 });
  const long = letters(2000).map((l) => ({ ...l, raw: `${l.raw} ${'x'.repeat(1000)}` }));
  d.add(long);
  expect(d.stats.bytes).toBeLessThanOrEqual(256 * 1024);
  expect(d.stats.kept).toBeGreaterThan(150);
  expect(d.stats.kept + d.stats.dropped).toBe(2000);
  expect(statSync(d.path).size).toBeLessThanOrEqual(1.6 * 256 * 1024);
});

it('cuts a line too long to keep whole and marks it so it is not replayed', () => {
  const d = new DeadLetters(dir);
  d.add([{ ...letters(1)[0], raw: 'y'.repeat(70_000) }]);
  expect(d.list()[0]).toMatchObject({ truncated: true });
  expect(d.list()[0].raw).toHaveLength(1024);
});

it('reads its letters back after a restart, without those a replay accepted', async () => {
  const d = new DeadLetters(dir, { maxRecords: 10, maxBytes: 1 << 20 });
  d.add(letters(12));
  const [first, second] = d.list();
  d.settle(new Set([first.id]), new Map([[second.id, { reason: 'invalid' as const, message: 'still wrong' }]]));
  const again = new DeadLetters(dir, { maxRecords: 10, maxBytes: 1 << 20 });
  expect(again.list()).toHaveLength(9);
  expect(again.list()[0]).toMatchObject({ id: second.id, reason: 'invalid', message: 'still wrong', source });
  // New letters continue the ids, even once every letter is gone: a replay by id never takes another letter.
  const highest = again.list().at(-1)!.id;
  again.settle(new Set(again.list().map((l) => l.id)), new Map());
  await new Promise((r) => setTimeout(r, 5)); // a restart takes longer than a millisecond
  const third = new DeadLetters(dir, { maxRecords: 10, maxBytes: 1 << 20 });
  expect(third.list()).toEqual([]);
  third.add(letters(1, 99));
  expect(third.list()[0].id).toBeGreaterThan(highest);
});

it('keeps the newest refused lines of a body larger than the bounds, with their text, and counts every one', () => {
  const d = new DeadLetters(dir, { maxRecords: 50, maxBytes: 1 << 20 });
  const body = Array.from({ length: 3000 }, (_, i) => (i % 2 ? `good ${i}` : `bad ${i}`)).join('\n');
  const refused = Array.from({ length: 1500 }, (_, k) => ({ line: 2 * k + 1, message: `line ${2 * k + 1}: unable to parse`, kind: 'parse' as const }));
  keepBody(d, body, refused, source, 'ns');
  expect(d.stats).toMatchObject({ kept: 50, dropped: 1450, refused: 1500, byReason: { parse: 1500 } });
  expect(d.list().map((l) => [l.line, l.raw])).toEqual(Array.from({ length: 50 }, (_, k) => [2 * (1450 + k) + 1, `bad ${2 * (1450 + k)}`]));
  expect(fileLines(d)).toBe(50);
});
