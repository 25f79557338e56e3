/**
 * `npm test`: every test, as two vitest runs side by side, one for the browser tests and one for
 * the rest, each one file at a time. Two Chromiums software-rendering at once on a two-core machine
 * starve each other into timeouts, and one run of everything leaves a core idle (vitest uses
 * cores − 1 workers); this way one core drives a browser while the other runs the server tests.
 * The other run's output is held and printed after, so neither is interleaved.
 *
 * With arguments (`npm test -- test/ingest`), one vitest run of what they name.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const vitest = join('node_modules', '.bin', 'vitest');
const args = process.argv.slice(2);
const children = new Set();

function run(vitestArgs, output) {
  return new Promise((resolve) => {
    const child = spawn(vitest, ['run', ...vitestArgs], { stdio: ['ignore', output ?? 'inherit', output ?? 'inherit'] });
    children.add(child);
    child.on('exit', (code, signal) => { children.delete(child); resolve(signal ? 1 : code ?? 1); });
    child.on('error', (e) => { console.error(`test: could not start vitest: ${e.message}`); resolve(1); });
  });
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { for (const c of children) c.kill(sig); process.exit(1); });

if (args.length > 0) process.exit(await run(args));

const dir = mkdtempSync(join(tmpdir(), 'npm-test-'));
const browserLog = join(dir, 'browser.log');
const held = createWriteStream(browserLog);
await new Promise((r) => held.on('open', r));
const started = Date.now();
const [server, browser] = await Promise.all([
  run(['--maxWorkers=1', '--exclude=test/browser/**']),
  run(['--maxWorkers=1', 'test/browser/'], held),
]);
await new Promise((r) => held.end(r));
console.log('\n──────── browser tests (test/browser) ────────\n');
process.stdout.write(readFileSync(browserLog));
rmSync(dir, { recursive: true, force: true });
const verdict = (code) => (code === 0 ? 'passed' : `FAILED (exit ${code})`);
console.log(`\ntest: server and unit tests ${verdict(server)}; browser tests ${verdict(browser)}; ${Math.round((Date.now() - started) / 1000)} s in all`);
process.exit(server || browser);
