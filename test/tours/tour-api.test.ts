/**
 * The tours API against the real server on the demo community's tree: the default tour is listed
 * and read (a demo guest gets the steps of its scope, with why the others are left out); a staged
 * incident is raised, handled acknowledge → dispatch → resolve and ended by the session that staged
 * it, and never shows up in the alert list, the statistics or the handover report. A tour file with
 * a mistake is left out with a problem naming its step and field, the others still served.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { withSession, type TestSession } from '../support/session.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { hierarchyNodes } from '../../streams/simulator/community-config.ts';
import { TourCatalog } from '../../server/tours/tour-catalog.ts';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { TourAnswer, TourSummary } from '../../streams/tours/tour.ts';

let app: TestApp;
let guest: TestSession;
let other: TestSession;
const C = DEMO_COMMUNITY.id;

beforeAll(async () => {
  app = await startTestApp({ hierarchy: hierarchyNodes([DEMO_COMMUNITY]) });
  guest = await app.userSession({ username: 'visitor', roles: ['demo_guest'], scopes: [C] });
  other = await app.userSession({ username: 'visitor2', roles: ['demo_guest'], scopes: [C] });
  // One real alert, so the lists are not empty by accident.
  const t = Date.now() - 5000;
  expect((await app.write(`alert,community=${C},neighbourhood=n-eling-1,type=perimeter_intrusion,severity=major,device=cam-7 location="北门",message="周界越线" ${t}`, 'precision=ms')).status).toBe(204);
}, 60_000);
afterAll(async () => { await app?.stop(); });

const as = async (who: TestSession, path: string, init: RequestInit = {}) => {
  const res = await fetch(`${app.url}${path}`, withSession(who, init));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};
const post = (who: TestSession, path: string, body?: unknown) => as(who, path, body === undefined ? { method: 'POST' } : {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('GET /api/tours', () => {
  it('lists the default tour first, with its steps and length', async () => {
    const r = await app.get('/api/tours');
    expect(r.status).toBe(200);
    expect(r.body.default).toBe('default');
    const d = (r.body.tours as TourSummary[])[0];
    expect(d).toMatchObject({ id: 'default', default: true, steps: 15, title: { zh: '鹅岭社区 · 现代社区九大场景' } });
    expect(d.duration).toBeGreaterThan(270);
  });

  it('reads the whole tour for an administrator, and the steps of its scope for a demo guest', async () => {
    const all = (await app.get('/api/tours/default')).body as TourAnswer;
    expect(all.tour.steps.map((s) => s.id).slice(0, 4)).toEqual(['city', 'district', 'street', 'community']);
    expect(all.skipped).toEqual([]);
    const mine = (await as(guest, '/api/tours/default')).body as TourAnswer;
    expect(mine.tour.steps[0].id).toBe('community');
    expect(mine.skipped.map((s) => s.step)).toEqual(['city', 'district', 'street']);
    expect(mine.skipped[0].reason).toContain('node: "500000" is outside your scope');
  });

  it('answers 404 naming a tour that does not exist', async () => {
    const r = await app.get('/api/tours/nope');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('tours: no tour "nope" (GET /api/tours lists them)');
  });
});

describe('a staged incident', () => {
  let alert: AlertRecord;

  it('is raised as a demo record with its own id, once per session however often it is asked for', async () => {
    const r = await post(guest, '/api/tours/default/steps/fire-drill/incident');
    expect(r.status).toBe(201);
    alert = r.body.alert;
    expect(alert).toMatchObject({ demo: true, state: 'raised', type: 'fire', severity: 'critical', community: C, neighbourhood: 'n-eling-2', device: 'smk-4' });
    expect(alert.id).toBeLessThan(0);
    // A reload mid-tour asks again: the same incident, not a second one.
    expect((await post(guest, '/api/tours/default/steps/fire-drill/incident')).body.alert.id).toBe(alert.id);
    // A step that stages nothing.
    expect((await post(guest, '/api/tours/default/steps/safety/incident')).status).toBe(404);
  });

  it('is handled acknowledge → dispatch → resolve, in that order only, by its own session', async () => {
    const act = (action: string, body?: unknown, who = guest) => post(who, `/api/tours/incidents/${alert.id}/${action}`, body ?? {});
    expect((await act('dispatch', { assignee: '微型消防站' })).status).toBe(409);
    expect((await act('ack', {}, other)).status).toBe(404);
    const acked = await act('ack');
    expect(acked.body.alert).toMatchObject({ state: 'acknowledged', revision: 2, acknowledgedBy: 'visitor' });
    expect((await act('dispatch')).body.error).toBe('tours: "assignee" is required for dispatch: the person or team sent');
    expect((await act('dispatch', { assignee: '社区微型消防站' })).body.alert).toMatchObject({ state: 'dispatched', assignee: '社区微型消防站' });
    expect((await act('close')).status).toBe(400);
    const resolved = await act('resolve');
    expect(resolved.body.alert).toMatchObject({ state: 'resolved', revision: 4, demo: true });
    expect((await act('ack')).body.error).toBe(`tours: cannot ack staged incident ${alert.id}: it is resolved`);
  });

  it('never reaches the alert list, the statistics or the handover report', async () => {
    for (const who of [app.session, guest]) {
      const list = (await as(who, `/api/alerts?node=${C}`)).body as { alerts: AlertRecord[]; total: number };
      expect(list.alerts.map((a) => a.type)).toEqual(['perimeter_intrusion']);
      expect(list.alerts.some((a) => a.id < 0 || a.demo)).toBe(false);
      const stats = (await as(who, `/api/alerts/stats?node=${C}`)).body as { total: number; byType: Record<string, number> };
      expect(stats.total).toBe(1);
      expect(JSON.stringify(stats.byType)).not.toContain('"fire"');
      const handover = await as(who, `/api/alerts/handover?node=${C}`);
      expect(handover.status).toBe(200);
      expect(JSON.stringify(handover.body)).not.toContain('smk-4');
    }
    expect((await as(app.session, `/api/alerts/${alert.id}`)).status).toBe(404);
  });

  it('is gone once the tour ends, and ending it twice says so', async () => {
    expect((await as(other, `/api/tours/incidents/${alert.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await as(guest, `/api/tours/incidents/${alert.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as(guest, `/api/tours/incidents/${alert.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await post(guest, `/api/tours/incidents/${alert.id}/resolve`, {})).status).toBe(404);
    expect(app.tours.staged.size).toBe(0);
    await post(guest, '/api/tours/default/steps/fire-drill/incident');
    expect((await as(guest, '/api/tours/incidents', { method: 'DELETE' })).body).toEqual({ removed: 1 });
  });
});

describe('the tours folder', () => {
  it('leaves out a file with a mistake, naming its step and field, and serves the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tours-'));
    const good = JSON.parse(readFileSync(new URL('../../twin-models/tours/default.json', import.meta.url), 'utf8'));
    writeFileSync(join(dir, 'default.json'), JSON.stringify(good));
    const bad = structuredClone(good);
    bad.id = 'broken';
    bad.default = false;
    bad.steps[6].camera = { preset: 'moon' };
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(bad));
    writeFileSync(join(dir, 'torn.json'), '{ "id": ');
    const catalog = new TourCatalog(app.sites.hierarchy(), dir);
    expect(catalog.list().map((t) => t.id)).toEqual(['default']);
    expect(catalog.problems).toContain('tours: broken.json: step 7 "liveable": camera.preset: expected one of overview, governance, neighbourhood, liveable, mobility, health, education, innovation, vitality, safety, got "moon"');
    expect(catalog.problems.some((p) => p.startsWith('tours: torn.json: not read: '))).toBe(true);
  });

  it('says which step cannot be played on a tree without its place', () => {
    const catalog = new TourCatalog(app.sites.hierarchy(), new URL('../../twin-models/tours', import.meta.url).pathname);
    const step = { ...catalog.step('default', 'fire-drill')!, incident: { ...catalog.step('default', 'fire-drill')!.incident!, neighbourhood: 'n-nowhere' } };
    expect(catalog.stepProblem(step)).toBe('incident.neighbourhood: "n-nowhere" is not a neighbourhood of the sites tree');
    expect(catalog.stepProblem({ ...step, node: 'x' })).toBe('node: "x" is not in the sites tree');
  });
});
