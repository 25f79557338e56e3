/** Read-back helpers shared by the ingest tests: what a user of /api/latest and /api/query sees. */
import { expect } from 'vitest';
import type { TestApp } from '../support/test-app.ts';

export interface LatestSeries {
  id: number;
  measurement: string;
  tags: Record<string, string>;
  field: string;
  type: string;
  t: number | null;
  v: number | string | null;
}

/** Every series of a measurement with its latest value (from the catalog); [] when none. */
export async function latestOf(app: TestApp, measurement: string): Promise<LatestSeries[]> {
  const r = await app.get(`/api/latest?measurement=${encodeURIComponent(measurement)}`);
  if (r.status === 404) return [];
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.series as LatestSeries[];
}

export interface StoredSeries {
  tags: Record<string, string>;
  field: string;
  /** `[t, v]` pairs, oldest first. */
  rows: [number, number][];
}

/** Raw samples of a measurement's numeric series, as the store answers /api/query. */
export async function storedOf(app: TestApp, measurement: string, from: number, to: number): Promise<StoredSeries[]> {
  const r = await app.get(`/api/query?measurement=${encodeURIComponent(measurement)}&window=raw&from=${from}&to=${to}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.series as { tags: Record<string, string>; field: string; t: number[]; v: number[] }[])
    .map((s) => ({ tags: s.tags, field: s.field, rows: s.t.map((t, i): [number, number] => [t, s.v[i]]) }));
}

/** The stored `[t, v]` rows of one field across the measurement's series, sorted. */
export async function storedRows(app: TestApp, measurement: string, field: string, from: number, to: number): Promise<[number, number][]> {
  const series = await storedOf(app, measurement, from, to);
  return series.filter((s) => s.field === field).flatMap((s) => s.rows).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** A tag map as JSON gives it back: own keys even for `__proto__` (an object literal would set the prototype). */
export function tagsOf(entries: [string, string][]): Record<string, string> {
  return Object.fromEntries(entries);
}

/** Whether the server still ingests and serves a fresh point: a 204, then the value in /api/latest and /api/query. */
export async function expectIngestWorks(app: TestApp, tag: string): Promise<void> {
  const t = Date.now() - 1000;
  const value = Math.round(Math.random() * 1e6) / 100;
  const measurement = `after_${tag.replace(/[^a-z0-9_]/gi, '_')}`;
  const w = await app.write(`${measurement},probe=${encodeURIComponent(tag)} v=${value} ${t}`, 'precision=ms');
  expect(w, `a good write after ${tag}`).toEqual({ status: 204, error: undefined });
  const latest = await latestOf(app, measurement);
  expect(latest.map((s) => s.v)).toEqual([value]);
  expect(await storedRows(app, measurement, 'v', t - 1, t + 1)).toEqual([[t, value]]);
}
