/**
 * The reports under /api/reports against a real server: known energy points written through
 * /write, assessments set through the indicator API and alerts raised and acknowledged; each
 * report's XLSX, parsed back with exceljs, holds the figures its JSON (the printable page) shows;
 * the CSV opens in Excel and neutralises hostile text; downloads are named; scope and bad
 * parameters are refused.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { withSession, type TestSession } from '../support/session.ts';
import { CHINA_OFFSET_MS, DAY_MS, HOUR_MS, chinaDayStart } from '../../streams/china-time.ts';
import { GAS_EMISSION_FACTOR_KG_PER_M3, GRID_EMISSION_FACTOR_KG_PER_KWH } from '../../streams/emission-factors.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import type { Report, ReportSection } from '../../streams/reports.ts';

let app: TestApp;
let leader: TestSession;

// Two days ago, 10:00 China time: ten hours of known figures, all in one China day and before now.
const now = Date.now();
const base = chinaDayStart(now) - 2 * DAY_MS + 10 * HOUR_MS;
const monthOf = (t: number) => new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 7);
const month = monthOf(base);
const [y, m] = month.split('-').map(Number);
// The 6th of the month before, 10:00 China time.
const previousBase = Date.UTC(y, m - 2, 6, 10) - CHINA_OFFSET_MS;
const HOSTILE = `=cmd|' /C calc'!A0 <script>alert("x")</script>`;

beforeAll(async () => {
  app = await startTestApp({ alerts: { targets: { warning: { ackSeconds: 2, resolveSeconds: 3 } } } });
  leader = await app.userSession({ username: 'leader-a', displayName: '甲社区领导', roles: ['leader'], scopes: ['c-a'] });
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    const t = base + i * HOUR_MS;
    lines.push(`energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-b-1,category=residential load_kw=100,pv_kw=30,ev_kw=20 ${t}`);
    lines.push(`energy,community=c-a,neighbourhood=n-a2,building=b-2,meter=m-b-2,category=residential load_kw=50 ${t}`);
    lines.push(`utility_meter,community=c-a,neighbourhood=n-a1,building=b-1,meter=g-b-1,utility=gas gas_m3h=2 ${t}`);
    lines.push(`energy,community=c-b,neighbourhood=n-b1,building=b-9,meter=m-b-9,category=commercial load_kw=10 ${t}`);
  }
  for (let i = 0; i < 5; i++) lines.push(`energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-b-1,category=residential load_kw=40 ${previousBase + i * HOUR_MS}`);
  expect((await app.write(lines.join('\n'), 'precision=ms')).status).toBe(204);
});
afterAll(async () => { await app?.stop(); });

const section = (r: Report, id: string) => r.sections.find((s) => s.id === id)!;
const json = async (path: string): Promise<Report> => {
  const res = await app.fetch(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<Report>;
};

async function workbook(path: string): Promise<{ wb: ExcelJS.Workbook; res: Response }> {
  const res = await app.fetch(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.clone().arrayBuffer());
  return { wb, res };
}

/** A sheet's data rows (below the frozen header, row 3) as objects keyed by the section's column keys. */
function sheetRows(ws: ExcelJS.Worksheet, s: ReportSection): Record<string, ExcelJS.CellValue>[] {
  const out: Record<string, ExcelJS.CellValue>[] = [];
  for (let r = 4; r <= 3 + s.rows.length + (s.totals ? 1 : 0); r++) {
    const row = ws.getRow(r);
    out.push(Object.fromEntries(s.columns.map((c, i) => [c.key, row.getCell(i + 1).value])));
  }
  return out;
}

const close = (a: unknown, b: number) => expect(a as number).toBeCloseTo(b, 6);

describe('the energy and carbon report', () => {
  const load = 1500;
  const grid = 1500 - 300;
  const carbon = grid * GRID_EMISSION_FACTOR_KG_PER_KWH + 20 * GAS_EMISSION_FACTOR_KG_PER_M3;

  it('counts the month from the hourly rollups: per day, per child, against last month, with the factors', async () => {
    let r!: Report;
    await expect.poll(async () => {
      r = await json(`/api/reports/energy?node=c-a&month=${month}`);
      return section(r, 'days').totals!.loadKwh;
    }).toBeCloseTo(load, 6);
    expect(r).toMatchObject({ kind: 'energy', node: { id: 'c-a', name: { zh: '甲社区' } }, period: { label: month }, generatedBy: '系统管理员 Administrator (admin)' });
    const totals = section(r, 'days').totals!;
    close(totals.pvKwh, 300);
    close(totals.pvUsedKwh, 300);
    close(totals.gridKwh, grid);
    close(totals.evKwh, 200);
    close(totals.gasM3, 20);
    close(totals.carbonKg, carbon);
    const day = section(r, 'days').rows.find((row) => row.date === new Date(base + CHINA_OFFSET_MS).toISOString().slice(0, 10))!;
    close(day.loadKwh, load);
    expect(section(r, 'days').rows.filter((row) => (row.loadKwh as number) > 0)).toHaveLength(1);
    const children = section(r, 'children');
    expect(children.rows.map((c) => [c.id, c.loadKwh])).toEqual([['n-a1', 1000], ['n-a2', 500]]);
    const compare = section(r, 'compare').rows.find((c) => (c.figure as { zh: string }).zh === '用电量')!;
    expect(compare).toMatchObject({ month: load, previous: 200, change: 1300, unit: 'kWh' });
    close(compare.changeRatio, 6.5);
    expect(section(r, 'factors').rows.map((f) => [f.value, f.unit])).toEqual([[GRID_EMISSION_FACTOR_KG_PER_KWH, 'kgCO₂/kWh'], [GAS_EMISSION_FACTOR_KG_PER_M3, 'kgCO₂/m³']]);
    expect(section(r, 'factors').rows[0].source).toMatchObject({ zh: expect.stringContaining('生态环境部'), en: expect.stringContaining('MEE') });
  });

  it('an area lists its communities, read from their meters', async () => {
    const r = await json(`/api/reports/energy?node=s-1&month=${month}`);
    expect(section(r, 'children').rows.map((c) => [c.id, c.loadKwh])).toEqual([['c-a', load], ['c-b', 100]]);
  });

  it('the XLSX holds the same figures as number cells, units in the headers, the header frozen, a sheet per section', async () => {
    const r = await json(`/api/reports/energy?node=c-a&month=${month}`);
    const { wb, res } = await workbook(`/api/reports/energy?node=c-a&month=${month}&format=xlsx`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['逐日', '下级节点', '环比', '排放因子']);
    const ws = wb.getWorksheet('逐日')!;
    expect(String(ws.getCell('A1').value)).toContain('能耗与碳排放月报');
    expect(String(ws.getCell('A2').value)).toContain('甲社区');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.getRow(3).getCell(2).value).toBe('用电量 Electricity (kWh)');
    expect(ws.getColumn(2).width).toBeGreaterThan(8);
    const days = section(r, 'days');
    const rows = sheetRows(ws, days);
    const totals = rows[rows.length - 1];
    expect(totals.date).toBe('本月合计');
    for (const k of ['loadKwh', 'pvKwh', 'gridKwh', 'evKwh', 'gasM3', 'carbonKg']) {
      expect(typeof totals[k], k).toBe('number');
      close(totals[k], days.totals![k] as number);
    }
    expect(ws.getRow(3 + rows.length).getCell(2).numFmt).toBe('#,##0.0');
    expect(rows[0].date).toEqual(new Date(`${days.rows[0].date}T00:00:00Z`));
    expect(ws.getRow(4).getCell(1).numFmt).toBe('yyyy-mm-dd');
    const children = sheetRows(wb.getWorksheet('下级节点')!, section(r, 'children'));
    expect(children.slice(0, 2).map((c) => [c.id, c.loadKwh])).toEqual([['n-a1', 1000], ['n-a2', 500]]);
    const ratio = wb.getWorksheet('环比')!.getRow(4).getCell(6);
    close(ratio.value, 6.5);
    expect(ratio.numFmt).toBe('0.0%');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="energy-report-c-a-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`能耗与碳排放月报-甲社区-${month}.xlsx`)}`);
  });

  it('the CSV starts with a BOM and holds the month total', async () => {
    const res = await app.fetch(`/api/reports/energy?node=c-a&month=${month}&format=csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`filename="energy-report-c-a-${month}.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('能耗与碳排放月报 Monthly energy and carbon');
    expect(lines).toContain('日期 Date,用电量 Electricity (kWh),光伏发电 PV generated (kWh),光伏自用 PV used on site (kWh),电网购电 Grid imports (kWh),充电桩用电 EV charging (kWh),天然气 Natural gas (m³),碳排放 Carbon (kgCO₂)');
    expect(lines).toContain(`本月合计,1500,300,300,1200,200,20,${Math.round(carbon * 10) / 10}`);
  });
});

describe('the indicator-progress report', () => {
  const binding = ITEMS.filter((it) => it.type === 'binding');
  const basic = ITEMS.filter((it) => it.type === 'basic');

  beforeAll(async () => {
    const set = async (item: string, status: string, evidence?: unknown) => {
      const res = await app.fetch(`/api/indicators/assessments/c-a/${item}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status, expectedRevision: 0, evidence }),
      });
      expect(res.status, await res.text()).toBe(200);
    };
    for (const it of binding) await set(it.id, 'met', it === binding[0] ? { note: HOSTILE, links: ['https://example.org/证据/1'] } : undefined);
    await set(basic[0].id, 'met');
    await set(basic[1].id, 'not_applicable');
  });

  it('a community: per scene, every item with its evidence, the month\'s changes; the XLSX agrees', async () => {
    const r = await json('/api/reports/indicators?node=c-a');
    const scenes = section(r, 'scenes');
    expect(scenes.totals).toMatchObject({ bindingTotal: 31, bindingMet: 31, bindingOpen: 0, gatePassed: true, basicMet: 1, basicApplicable: 56 });
    close(scenes.totals!.basicRatio, 1 / 56);
    const items = section(r, 'items');
    expect(items.rows).toHaveLength(110);
    const first = items.rows.find((row) => row.item === binding[0].id)!;
    expect(first).toMatchObject({ status: { zh: '已达标', en: 'Met' }, note: HOSTILE, links: 'https://example.org/证据/1', operator: '系统管理员 Administrator (admin)' });
    expect(section(r, 'changes').rows).toHaveLength(33);

    const { wb } = await workbook('/api/reports/indicators?node=c-a&format=xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['分场景', '细项与佐证', '本月评定变更']);
    const sceneRows = sheetRows(wb.getWorksheet('分场景')!, scenes);
    const total = sceneRows[sceneRows.length - 1];
    expect(total).toMatchObject({ scene: '合计', bindingMet: 31, gatePassed: '是', basicMet: 1 });
    close(total.basicRatio, 1 / 56);
    const itemSheet = wb.getWorksheet('细项与佐证')!;
    const row = sheetRows(itemSheet, items).find((x) => x.item === binding[0].id)!;
    // A string cell, never a formula, whatever it starts with.
    expect(row.note).toBe(HOSTILE);
    expect(row.status).toBe('已达标');
    const cell = itemSheet.getRow(4 + items.rows.indexOf(first)).getCell(9);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
  });

  it('an area: each child\'s compliance, binding gate and basic-item ratio', async () => {
    const r = await json('/api/reports/indicators?node=s-1');
    const children = section(r, 'children');
    expect(children.rows.map((c) => [c.id, c.gatePassed, c.compliance])).toEqual([['c-a', true, 1], ['c-b', false, 0]]);
    expect(children.totals).toMatchObject({ communities: 2, passingGate: 1, compliance: 0.5, changes: 33 });
    close(children.totals!.meanBasicRatio, (1 / 56 + 0) / 2);
    const { wb } = await workbook('/api/reports/indicators?node=s-1&format=xlsx');
    const rows = sheetRows(wb.getWorksheet('下级节点')!, children);
    expect(rows.map((x) => [x.id, x.gatePassed, x.compliance])).toEqual([['c-a', '是', 1], ['c-b', '否', 0], ['', '否', 0.5]]);
  });

  it('a past month shows the statuses as they stood then', async () => {
    const r = await json(`/api/reports/indicators?node=c-a&month=${monthOf(Date.UTC(y, m - 2, 6))}`);
    expect(section(r, 'scenes').totals).toMatchObject({ bindingMet: 0, gatePassed: false });
    expect(section(r, 'changes').rows).toEqual([]);
  });

  it('the CSV neutralises formulas and keeps HTML as text', async () => {
    const res = await app.fetch('/api/reports/indicators?node=c-a&format=csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const line = text.split('\r\n').find((l) => l.startsWith(`${binding[0].id},`))!;
    expect(line).toContain(`"'=cmd|' /C calc'!A0 <script>alert(""x"")</script>"`);
    expect(text).not.toMatch(/(^|,)=cmd/m);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('指标推进月报-甲社区-')}`);
  });
});

describe('the shift report', () => {
  it('lists the shift\'s alerts with handling times against their targets, overdue marked; the XLSX agrees', async () => {
    const from = Date.now() - 1000;
    const raise = async (device: string) => {
      expect((await app.write(`alert,community=c-a,neighbourhood=n-a1,type=fire,severity=warning,device=${device} location="3栋",message="${HOSTILE}"`)).status).toBe(204);
      return ((await app.get('/api/alerts?node=n-a1&limit=1000')).body.alerts as { id: number; device: string }[]).find((a) => a.device === device)!;
    };
    const quick = await raise('smoke-1');
    const ack = await app.fetch(`/api/alerts/${quick.id}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedRevision: 1, comment: '+1 已到场' }) });
    expect(ack.status).toBe(200);
    const late = await raise('smoke-2');
    await new Promise((r) => setTimeout(r, 3200));

    const r = await json(`/api/reports/shift?node=c-a&from=${from}`);
    const alerts = section(r, 'alerts');
    const rowOf = (id: number) => alerts.rows.find((a) => a.id === id)!;
    expect(rowOf(quick.id)).toMatchObject({ ackTarget: 2, ackOutcome: { zh: '按时', en: 'On time' }, resolveOutcome: { zh: '已超时' }, overdue: true, message: HOSTILE });
    expect(rowOf(late.id)).toMatchObject({ ackSeconds: null, ackOutcome: { zh: '已超时' }, overdue: true });
    expect(section(r, 'summary').totals).toMatchObject({ alerts: 2, raised: 2, stillOpen: 2, ackMet: 1, ackLate: 1 });
    expect(section(r, 'actions').rows.filter((a) => (a.action as { zh: string }).zh === '发生').map((a) => a.alert)).toEqual([quick.id, late.id]);
    expect(section(r, 'actions').rows.some((a) => (a.action as { zh: string }).zh === '确认' && a.comment === '+1 已到场')).toBe(true);

    const { wb, res } = await workbook(`/api/reports/shift?node=c-a&from=${from}&to=${r.period.to}&format=xlsx`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="shift-report-c-a-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['本班概况', '告警明细', '处理记录', '应急预案执行']);
    // Both fires started the fire plan: its steps, each against its target, none done yet.
    const plans = section(r, 'plans');
    const steps = plans.rows.filter((p) => p.alert === quick.id);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps[0]).toMatchObject({ drill: false, doneBy: '', seconds: null });
    expect((steps[0].plan as { zh: string }).zh).toMatch(/火/);
    expect(plans.rows.filter((p) => p.alert === late.id)).toHaveLength(steps.length);
    expect(sheetRows(wb.getWorksheet('应急预案执行')!, plans)).toHaveLength(plans.rows.length);
    const rows = sheetRows(wb.getWorksheet('告警明细')!, alerts);
    const x = rows.find((a) => a.id === quick.id)!;
    expect(x).toMatchObject({ ackTarget: 2, ackOutcome: '按时', overdue: '是', message: HOSTILE });
    expect(x.raisedAt).toBeInstanceOf(Date);
    // The cell shows China wall-clock time.
    expect((x.raisedAt as Date).getTime()).toBe((rowOf(quick.id).raisedAt as number) + CHINA_OFFSET_MS);

    const csv = await (await app.fetch(`/api/reports/shift?node=c-a&from=${from}&format=csv`)).text();
    expect(csv).toContain(`"'=cmd|' /C calc'!A0 <script>alert(""x"")</script>"`);
    expect(csv).toContain(`'+1 已到场`);
  });
});

describe('refusals', () => {
  const as = (s: TestSession, path: string) => fetch(`${app.url}${path}`, withSession(s));

  it.each([
    ['energy', `node=c-b&month=${month}`],
    ['indicators', 'node=c-b'],
    ['shift', 'node=n-b1'],
    ['energy', 'node=s-1'],
  ])('a caller outside the node\'s scope is refused: %s?%s', async (kind, query) => {
    const res = await as(leader, `/api/reports/${kind}?${query}&format=xlsx`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-disposition')).toBeNull();
  });

  it('inside the scope the same caller gets the report', async () => {
    const res = await as(leader, `/api/reports/energy?node=c-a&month=${month}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Report).generatedBy).toBe('甲社区领导 (leader-a)');
  });

  it.each([
    ['/api/reports/energy?node=c-a&month=2026-13', 400, 'reports: month "2026-13" is not a month: give month=YYYY-MM'],
    ['/api/reports/indicators?node=c-a&month=last', 400, 'reports: month "last" is not a month'],
    ['/api/reports/energy?node=c-a&month=2999-01', 400, 'reports: month "2999-01" has not begun'],
    ['/api/reports/energy?node=c-a&month=2026-01&month=2026-02', 400, 'reports: give month once'],
    ['/api/reports/energy?node=c-a&format=pdf', 400, 'reports: format "pdf" is not one of json, csv, xlsx'],
    ['/api/reports/indicators', 400, 'reports: name the node: ?node=<id>'],
    ['/api/reports/shift?node=c-a&from=yesterday', 400, 'from "yesterday" is not epoch ms'],
    ['/api/reports/shift?node=c-a&from=now-40d', 400, 'span more than 31 days'],
    ['/api/reports/shift?node=c-a&from=now&to=now-1h', 400, 'must be before to'],
    ['/api/reports/energy?node=nowhere', 404, 'reports: unknown node "nowhere"'],
  ])('%s → %i', async (path, status, error) => {
    const res = await app.get(path);
    expect(res.status).toBe(status);
    expect(res.body.error).toContain(error);
  });
});
