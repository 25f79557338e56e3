/**
 * Makes docs/cockpit-4k.png: the cockpit at 3840×2160 in Chromium, watching the simulated demo
 * community (a day and a half of history) with indicator assessments entered through the API by
 * two centre operators, each signed in; the page is signed in as the administrator.
 *
 *   npx tsx test/tools/cockpit-screenshot.ts [out.png]
 *
 * A 4K screenshot of the dark theme's gradients is about 2.7 MB as PNG; colours are rounded to
 * fewer levels (in the browser, before encoding) until the file is under 1.5 MB.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { configFromEnv } from '../../server/config.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from '../../streams/indicators/assessment.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import { rngFor } from '../../streams/simulator/random.ts';
import { chinaHour } from '../../streams/china-time.ts';
import { signIn, signInPage, withSession, type TestSession } from '../support/session.ts';
import { BENCH_ADMIN_PASSWORD, signInAdmin } from '../bench/support/bench-auth.ts';
import { startSimulatedApp } from '../bench/support/simulated-app.ts';

const OUT = resolve(process.argv[2] ?? 'docs/cockpit-4k.png');
const MAX_BYTES = 1.5 * 1024 * 1024;
const HOUR = 3_600_000;

const clientDir = mkdtempSync(join(tmpdir(), 'shot-client-'));
const dataDir = mkdtempSync(join(tmpdir(), 'shot-data-'));
await build({ configFile: 'vite.config.ts', build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' });
// History from yesterday's midnight (China Standard Time), so the energy panel has both days.
const sinceYesterday = Math.ceil(chinaHour(Date.now())) + 25;
const config = configFromEnv({
  PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: clientDir, SIM_BACKFILL_HOURS: String(sinceYesterday), ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
});
// As `npm start` runs it: the shipped sites tree, the demo community simulated (SIM_COMMUNITIES=1).
const { app, communities } = await startSimulatedApp(config);
const sim = await startSimulation(app, config, communities);
const community = communities[0].id;
const admin = await signInAdmin(app.url);

/** A centre operator of the community, created by the administrator and signed in. */
async function operator(username: string, displayName: string): Promise<TestSession> {
  const password = `${username}-screenshot-pw-7d2`;
  const res = await fetch(`${app.url}/api/admin/users`, withSession(admin, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, displayName, password, roles: ['centre_operator'], scopes: [community], mustChangePassword: false }),
  }));
  if (res.status !== 201) throw new Error(`screenshot: creating user ${username} answered ${res.status}: ${await res.text()}`);
  return signIn(app.url, username, password);
}
const assessors = [await operator('wangmin', '王敏'), await operator('chenzhiqiang', '陈志强')];

// Assessments as a community's staff would have entered them: most binding items met.
const rng = rngFor(7, 'screenshot');
for (const item of ITEMS) {
  const r = rng.next();
  const status: AssessmentStatus = item.type === 'binding'
    ? (r < 0.8 ? 'met' : r < 0.95 ? 'in_progress' : 'not_applicable')
    : (r < 0.45 ? 'met' : r < 0.7 ? 'in_progress' : r < 0.78 ? 'not_met' : ASSESSMENT_STATUSES[0]);
  if (status === 'not_started') continue;
  const res = await fetch(`${app.url}/api/indicators/assessments/${community}/${item.id}`, withSession(assessors[rng.next() < 0.5 ? 0 : 1], {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      status, expectedRevision: 0,
      evidence: status === 'met' ? { note: '现场核查通过，资料已归档', links: ['https://example.org/archive'] } : undefined,
    }),
  }));
  if (res.status !== 200) throw new Error(`screenshot: PUT ${item.id} answered ${res.status}: ${await res.text()}`);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
try {
  const page = await browser.newPage({ viewport: { width: 3840, height: 2160 }, locale: 'zh-CN' });
  page.setDefaultTimeout(180_000);
  await signInPage(page, app.url, admin);
  await page.goto(`${app.url}/?node=${community}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-phase') === 'connected', undefined, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="energy-chart"]')?.getAttribute('data-status') === 'ok', undefined, { timeout: 30_000 });
  await page.waitForTimeout(8000);
  const png = (await page.screenshot({ timeout: 180_000 })).toString('base64');
  let bytes = Buffer.alloc(0);
  for (const step of [1, 4, 6, 8, 12, 16]) {
    bytes = step === 1 ? Buffer.from(png, 'base64') : Buffer.from(await page.evaluate(posterize, { png, step }), 'base64');
    console.log(`screenshot: ${step === 1 ? 'as taken' : `colours in steps of ${step}`}: ${(bytes.length / 1048576).toFixed(2)} MB`);
    if (bytes.length <= MAX_BYTES) break;
  }
  writeFileSync(OUT, bytes);
  console.log(`screenshot: ${OUT}`);
} finally {
  await browser.close();
  sim.stop();
  await app.close();
  app.http.close();
  rmSync(clientDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}

/** Runs in the page: rounds every colour channel to a multiple of `step` and encodes PNG again. */
async function posterize({ png, step }: { png: string; step: number }): Promise<string> {
  const img = new Image();
  img.src = `data:image/png;base64,${png}`;
  await img.decode();
  const canvas = new OffscreenCanvas(img.width, img.height);
  const g = canvas.getContext('2d')!;
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, img.width, img.height);
  for (let i = 0; i < d.data.length; i += 4) {
    for (let k = 0; k < 3; k++) d.data[i + k] = Math.min(255, Math.round(d.data[i + k] / step) * step);
  }
  g.putImageData(d, 0, 0);
  const out = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  let s = '';
  for (let i = 0; i < out.length; i += 0x8000) s += String.fromCharCode(...out.subarray(i, i + 0x8000));
  return btoa(s);
}
