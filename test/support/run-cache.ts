/**
 * Fixtures made once per test run and shared, read-only, by every test file that asks: the first
 * file to ask makes it (others wait for it), the rest reuse it. Outside a run with the global
 * setup (a script), each caller makes its own in a temporary folder.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { build } from 'vite';
import { generateDemoTwin } from '../../twin-models/demo/generate-demo-twin.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';

const WAIT_MS = 10 * 60_000;

function runCacheDir(): string | undefined {
  try {
    return inject('runCache');
  } catch {
    return undefined;
  }
}

/** The folder `make` filled, made once per run under `name`. */
export async function madeOnce(name: string, make: (dir: string) => Promise<void>): Promise<string> {
  const root = runCacheDir();
  if (!root || !existsSync(root)) {
    const dir = mkdtempSync(join(tmpdir(), `${name}-`));
    await make(dir);
    return dir;
  }
  const dir = join(root, name);
  if (existsSync(dir)) return dir;
  try {
    // mkdir is atomic: exactly one file of the run gets to make it.
    mkdirSync(`${dir}.making`);
  } catch {
    const until = Date.now() + WAIT_MS;
    while (!existsSync(dir)) {
      // The maker renames the folder into place before it lets go of the lock.
      if (!existsSync(`${dir}.making`) && !existsSync(dir)) throw new Error(`run cache: making ${name} failed in another test file`);
      if (Date.now() > until) throw new Error(`run cache: ${name} was not made within ${WAIT_MS / 60_000} min`);
      await sleep(200);
    }
    return dir;
  }
  const partial = `${dir}.partial`;
  try {
    // Made by another file between the look above and the lock.
    if (existsSync(dir)) return dir;
    mkdirSync(partial);
    await make(partial);
    renameSync(partial, dir);
    return dir;
  } finally {
    rmSync(partial, { recursive: true, force: true });
    rmSync(`${dir}.making`, { recursive: true, force: true });
  }
}

/**
 * The client as `npm run build` makes it. Vite takes React's build from NODE_ENV before its mode,
 * and vitest sets NODE_ENV=test: without this the tests would drive React's development build,
 * not the one users get.
 */
export const builtClient = () => madeOnce('client', async (outDir) => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.config.ts', mode: 'production', build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
});

/** A folder of twins holding the generated demo community's (鹅岭社区). */
export const demoTwins = () => madeOnce('twins', (dir) =>
  generateDemoTwin({ outDir: join(dir, DEMO_COMMUNITY.id) }).then(() => undefined));
