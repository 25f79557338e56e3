/**
 * The indicator-progress report of a community with a twin carries the items the product judges
 * from its own data: value, unit, threshold and whether it is met, beside the people's status,
 * the same in its JSON and its XLSX.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { writeSmallTwin } from '../indicators/auto-twin-fixture.ts';
import type { Report } from '../../streams/reports.ts';

const twinsDir = mkdtempSync(join(tmpdir(), 'report-auto-'));
let app: TestApp;

beforeAll(async () => {
  writeSmallTwin(join(twinsDir, 'c-a'));
  app = await startTestApp({ env: { TWINS_DIR: twinsDir } });
});
afterAll(async () => {
  await app?.stop();
  rmSync(twinsDir, { recursive: true, force: true });
});

it('lists each auto-judged item with its value against its threshold, in JSON and XLSX', async () => {
  const auto = (await app.get('/api/indicators/auto?community=c-a')).body as { items: { item: string | null; value: number | null; unit: string; threshold: { value: number; comparison: string } | null; met: boolean | null }[] };
  const walk = auto.items.find((i) => i.item === '12.1')!;
  expect(walk.value).toEqual(expect.any(Number));
  const report = (await app.get('/api/reports/indicators?node=c-a')).body as Report;
  const items = report.sections.find((s) => s.id === 'items')!;
  const row = items.rows.find((r) => r.item === '12.1')!;
  expect(row).toMatchObject({ autoValue: walk.value, autoUnit: walk.unit, autoMet: walk.met, status: { zh: '未开始' } });
  expect((row.threshold as { zh: string }).zh).toBe(`${walk.threshold!.comparison === '<=' ? '≤' : '≥'} ${walk.threshold!.value} ${walk.unit}（导则）`);
  // Items nobody computes carry no value.
  expect(items.rows.find((r) => r.item === '1.1')).toMatchObject({ autoValue: null, threshold: '', autoMet: null });

  const res = await app.fetch('/api/reports/indicators?node=c-a&format=xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.getWorksheet('细项与佐证')!;
  const r = ws.getRow(4 + items.rows.indexOf(row));
  const col = (key: string) => items.columns.findIndex((c) => c.key === key) + 1;
  expect(r.getCell(col('item')).value).toBe('12.1');
  expect(r.getCell(col('autoValue')).value).toBeCloseTo(walk.value!, 6);
  expect(r.getCell(col('autoValue')).numFmt).toBe('#,##0.00');
  expect(r.getCell(col('threshold')).value).toBe((row.threshold as { zh: string }).zh);
});
