/**
 * A customer's twin assembled by command, in a real Chromium against the real server: `new` and
 * `add-building` on an IFC in millimetres with an IfcMapConversion to CGCS2000 Gauss–Krüger
 * (EPSG:4545), rotated on the grid and about 200 m from the community's origin. The overview draws
 * the building, `?focus=` flies to where the file's transform puts it (hand-computed with proj4
 * here, not read back from the manifest), and the building detail shows storeys in metres and
 * keeps the rooms hidden until they are switched on (a room whose detector is in alarm shows
 * anyway), then lets one be clicked.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtClient } from '../support/run-cache.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';
import { ifcFixture } from '../support/ifc-fixture.ts';
import { newTwin } from '../../twin-models/assemble/new-twin.ts';
import { addBuilding } from '../../twin-models/assemble/add-building.ts';
import { readManifest, writeManifest } from '../../twin-models/assemble/manifest-file.ts';
import type { ElementIndexFile } from '../../twin-models/import/ifc/convert-ifc.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import type { TwinManifest } from '../../twin-models/manifest/manifest-schema.ts';

const COMMUNITY = '500103004002';
const ORIGIN = { longitude: 106.5423, latitude: 29.555, height: 250 };
const EPSG4545 = '+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const THETA = (25 * Math.PI) / 180;
const [E0, N0] = proj4(EPSG4545, [106.5441, 29.5561]);

/** Hand computation: a local point (metres) rotated onto the grid and projected back to WGS84. */
function lonLatOf(x: number, y: number): [number, number] {
  return proj4(EPSG4545, 'WGS84', [E0 + Math.cos(THETA) * x - Math.sin(THETA) * y, N0 + Math.sin(THETA) * x + Math.cos(THETA) * y]) as [number, number];
}

let app: TestApp;
let browser: Browser;
let page: Page;
let twinsDir: string;
let index: ElementIndexFile;
const errors: string[] = [];

function hierarchyOf(m: TwinManifest): HierarchyNode[] {
  const c = m.community;
  return [
    { id: c.city.id, level: 'city', name: c.city.name, parent: null },
    { id: c.district.id, level: 'district', name: c.district.name, parent: c.city.id },
    { id: c.street.id, level: 'street', name: c.street.name, parent: c.district.id },
    { id: c.id, level: 'community', name: c.name, parent: c.street.id },
    ...c.neighbourhoods.map((n) => ({ id: n.id, level: 'neighbourhood' as const, name: n.name, parent: c.id })),
  ];
}

beforeAll(async () => {
  twinsDir = mkdtempSync(join(tmpdir(), 'twin-import-'));
  const dir = join(twinsDir, COMMUNITY);
  const ifc = join(twinsDir, 'customer-tower.ifc');
  writeFileSync(ifc, ifcFixture({
    unit: 'mm',
    size: { x: 30_000, y: 16_000, storeyHeight: 3_140 },
    mapConversion: { crs: 'EPSG:4545', eastings: E0, northings: N0, orthogonalHeight: 250, xAxisAbscissa: Math.cos(THETA), xAxisOrdinate: Math.sin(THETA), scale: 0.001 },
  }));
  const [clientDir] = await Promise.all([builtClient(), newTwin({ community: COMMUNITY, origin: ORIGIN, dir })]);
  const added = await addBuilding({ dir, ifcPath: ifc, id: 'tower-a', name: { zh: '甲栋', en: 'Block A' } });
  index = JSON.parse(readFileSync(added.conversion.indexPath, 'utf8'));
  // A smoke detector registered in the room on 2F: its alert is located by room.
  const manifest: TwinManifest = await readManifest(dir);
  const room2 = index.elements.find((e) => e.room && e.storey === '2F')!;
  const neighbourhood = manifest.community.neighbourhoods[0].id;
  manifest.devices.push({ id: 'smk-201', measurement: 'alert', neighbourhood, binding: { building: 'tower-a', globalId: room2.globalId } });
  await writeManifest(dir, manifest);
  app = await startTestApp({ env: { TWINS_DIR: twinsDir }, config: { clientDir }, hierarchy: hierarchyOf(manifest) });
  const w = await app.write(`alert,community=${COMMUNITY},neighbourhood=${neighbourhood},type=emergency_button,severity=critical,device=smk-201 location="甲栋 201",message="烟感报警",value=1 ${Date.now()}`, 'precision=ms');
  expect(w, w.error).toMatchObject({ status: 204 });
  for (const deadline = Date.now() + 5000; (await app.get(`/api/alerts?node=${COMMUNITY}`)).body.alerts?.length !== 1;) {
    if (Date.now() > deadline) throw new Error('test: the alert did not become a record');
    await new Promise((res) => setTimeout(res, 100));
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
  await signInPage(page, app.url, app.session);
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => { if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) errors.push(`request failed: ${r.url()}`); });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(twinsDir, { recursive: true, force: true });
});

describe('an imported building in the twin', () => {
  it('the overview draws it and ?focus= lands on it, where its IfcMapConversion puts it', { timeout: 120_000 }, async () => {
    await page.goto(`${app.url}/twin.html?community=${COMMUNITY}&focus=tower-a`);
    await page.waitForSelector('[data-twin-ready="1"]', { timeout: 90_000 });
    expect((await page.evaluate(() => (window as any).__twin.layerCounts())).buildings).toBe(1);
    expect(await page.getByTestId('twin-card').getAttribute('data-object')).toBe('tower-a');
    // The middle of the 30 m × 16 m building, about 200 m north-east of the origin.
    const [lon, lat] = lonLatOf(15, 8);
    await expect.poll(async () => {
      const vs = await page.evaluate(() => (window as any).__twin.viewState());
      // 1e-5° is about a metre: the old rule (placement added to bounds that had it) missed by hundreds.
      return Math.abs(vs.longitude - lon) < 1e-5 && Math.abs(vs.latitude - lat) < 1e-5 && vs.zoom > 17;
    }, { timeout: 15_000 }).toBe(true);
    const xy = await page.evaluate(() => (window as any).__twin.project('tower-a'));
    expect(xy).not.toBeNull();
  });

  it('the building detail shows storeys in metres and keeps the rooms hidden until asked, then pickable', { timeout: 90_000 }, async () => {
    await page.goto(`${app.url}/building.html?community=${COMMUNITY}&building=tower-a&probe=1`);
    await page.waitForSelector('[data-testid="building-detail"][data-status="ready"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="bim-storey"][data-storey="2F"]').textContent()).toBe('2F3.1 m');
    const room = index.elements.find((e) => e.room && e.storey === '1F')!;
    const alarmed = index.elements.find((e) => e.room && e.storey === '2F')!;
    const toggle = page.getByTestId('bim-rooms');
    expect(await toggle.isChecked()).toBe(false);
    expect(await page.evaluate((id) => window.__twinDetail!.project(id), room.globalId)).toBeNull();
    // The room whose detector is in alarm shows with the toggle off: the alert has a place.
    await expect.poll(() => page.evaluate((id) => window.__twinDetail!.project(id), alarmed.globalId), { timeout: 10_000 }).not.toBeNull();
    await toggle.check();
    await page.getByTestId('bim-clip-only').click();
    await page.locator('[data-testid="bim-storey"][data-storey="1F"]').click();
    const at = await page.evaluate((id) => window.__twinDetail!.project(id), room.globalId);
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    await expect.poll(() => page.getByTestId('bim-card').getAttribute('data-global-id'), { timeout: 5000 }).toBe(room.globalId);
    expect(await page.getByTestId('bim-card-ifcType').textContent()).toBe('IfcSpace');
    expect(errors).toEqual([]);
  });
});
