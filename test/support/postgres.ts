/**
 * A throwaway PostgreSQL server for tests: Debian's `postgres` binaries with their own temporary
 * cluster (initdb) on a free 127.0.0.1 port and a socket directory of their own. PostgreSQL will
 * not run as root, so under root (CI) the server runs as the `postgres` user the package creates.
 * `dispose()` stops it (fast shutdown) and removes the directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './influxd.ts';

export interface PostgresHandle {
  /** `postgres://…` for the database `twin`, owned by the superuser `twin` (trust auth on 127.0.0.1). */
  url: string;
  port: number;
  dataDir: string;
  dispose(): Promise<void>;
}

/** The binaries: POSTGRES_BIN_DIR, or the newest of /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string | undefined {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  return majors.map((m) => join(root, m, 'bin')).find((d) => existsSync(join(d, 'postgres')));
}

const TAIL_BYTES = 4096;

export async function startPostgres(readyTimeoutMs = 30_000): Promise<PostgresHandle> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('postgres: no PostgreSQL binaries under /usr/lib/postgresql/<major>/bin (apt-get install postgresql) or POSTGRES_BIN_DIR');
  const dataDir = await mkdtemp(join(tmpdir(), 'postgres-test-'));
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? postgresUser() : undefined;
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const cluster = join(dataDir, 'cluster');
  const init = spawnSync(join(bin, 'initdb'), ['-D', cluster, '-U', 'twin', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
    { ...as, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`postgres: initdb failed: ${(init.stderr || init.stdout || init.error?.message || '').slice(-TAIL_BYTES)}`);

  const port = await freePort();
  let tail = '';
  const child: ChildProcess = spawn(join(bin, 'postgres'), [
    '-D', cluster, '-p', String(port), '-h', '127.0.0.1', '-k', dataDir,
    // Throwaway data: durability is not what these tests check, speed is welcome.
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ], { ...as, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (c: Buffer) => { tail = (tail + c.toString('utf8')).slice(-TAIL_BYTES); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);

  const url = `postgres://twin@127.0.0.1:${port}/twin`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres: exited while starting:\n${tail}`);
    const c = new pg.Client({ connectionString: `postgres://twin@127.0.0.1:${port}/postgres` });
    try {
      await c.connect();
      await c.query('CREATE DATABASE twin');
      await c.end();
      break;
    } catch (e) {
      await c.end().catch(() => {});
      if (Date.now() > deadline) { kill(); throw new Error(`postgres: not ready after ${readyTimeoutMs} ms (${(e as Error).message}):\n${tail}`); }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url, port, dataDir,
    async dispose() {
      process.off('exit', kill);
      if (child.exitCode === null) {
        child.kill('SIGINT'); // fast shutdown
        const t = setTimeout(kill, 10_000);
        await exited;
        clearTimeout(t);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('postgres: running as root and there is no "postgres" user to run the server as (the postgresql package creates it)');
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
