/**
 * Child processes of the benchmarks (server under test, raw ws baseline, socket clients) and the
 * cleanup that always runs: at the end of a benchmark, on an error, and on SIGINT / SIGTERM.
 *
 * Children run as `node --import tsx <script>` (not through the tsx CLI) so the pid we spawn is the
 * process whose CPU and memory we read. Every child also exits by itself when its stdin or IPC
 * channel closes, so a killed bench leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BENCH_DIR = resolve(REPO_ROOT, 'test/bench');

/** Cleanups of everything alive now, run newest first. */
const cleanups = new Set<() => Promise<void>>();
/** Set on SIGINT / SIGTERM: nothing new may start, and whatever finishes starting is cleaned up. */
let aborted = false;
/** Resources being started now (a child waiting for its ready line, an influxd waiting for /ping). */
let starting = 0;

/** Throws once the run was interrupted; call before starting anything. */
export function checkAborted(): void {
  if (aborted) throw new Error('bench: interrupted');
}

export const isAborted = (): boolean => aborted;

/**
 * Start a resource so that an interrupt during its start-up still cleans it up: `start` returns
 * the resource, `dispose` is registered with defer() at once.
 */
export async function startTracked<T>(start: () => Promise<T>, dispose: (r: T) => Promise<void> | void): Promise<{ value: T; dispose: () => Promise<void> }> {
  checkAborted();
  starting++;
  let value: T;
  try {
    value = await start();
  } finally {
    starting--;
  }
  const run = defer(() => dispose(value));
  if (aborted) { await run(); checkAborted(); }
  return { value, dispose: run };
}

/** Register a cleanup; returns a function that runs it now (once) and unregisters it. */
export function defer(fn: () => Promise<void> | void): () => Promise<void> {
  let done = false;
  const run = async (): Promise<void> => {
    if (done) return;
    done = true;
    cleanups.delete(run);
    await fn();
  };
  cleanups.add(run);
  return run;
}

/** Run every registered cleanup (newest first); errors are reported, not thrown. */
export async function cleanupAll(): Promise<void> {
  // Cleanups may register others (rare); a few passes empty the set.
  for (let pass = 0; pass < 5 && cleanups.size > 0; pass++) {
    for (const run of [...cleanups].reverse()) {
      try {
        await run();
      } catch (e) {
        console.error(`bench: cleanup failed: ${(e as Error).message}`);
      }
    }
  }
}

let signalsInstalled = false;

/**
 * On SIGINT / SIGTERM: clean up (kill children, remove temp dirs), then exit 130 / 143. An
 * exception nobody caught does the same, with exit status 1, after printing it.
 */
export function installSignalCleanup(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  let exiting = false;
  const onSignal = (signal: string, code: number) => {
    if (exiting) return;
    exiting = true;
    aborted = true;
    console.error(`\nbench: ${signal}: stopping children and removing temporary files...`);
    const hard = setTimeout(() => process.exit(code), 40_000);
    hard.unref();
    void (async () => {
      await cleanupAll();
      // Something still starting registers its cleanup when ready (or fails): wait, then clean again.
      for (let waited = 0; starting > 0 && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      await cleanupAll();
    })().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  const onCrash = (e: unknown) => {
    console.error(`bench: uncaught: ${e instanceof Error ? e.stack : String(e)}`);
    onSignal('crash', 1);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
}

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The first JSON line the child printed on stdout (its URL and so on). */
  hello: Record<string, unknown>;
  /** Ask the child over IPC; resolves with its answer. Only for children spawned with `ipc: true`. */
  call<T = unknown>(cmd: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the child exits (code or signal). */
  exited: Promise<string>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[];
  ipc?: boolean;
  /** How long to wait for the hello line, ms. Default 60,000. */
  readyTimeoutMs?: number;
}

/**
 * Start `node --import tsx test/bench/<script>` and wait for the JSON line it prints when ready.
 * Other stdout lines are forwarded to stderr with the child's name; stderr is inherited.
 */
export async function spawnChild(name: string, script: string, opts: SpawnOptions = {}): Promise<Child> {
  checkAborted();
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', resolve(BENCH_DIR, script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'inherit', ...(opts.ipc ? (['ipc'] as const) : [])],
  });
  let exitInfo: string | undefined;
  const exited = new Promise<string>((res) => {
    proc.once('exit', (code, signal) => { exitInfo = signal ? `signal ${signal}` : `code ${code}`; res(exitInfo); });
    proc.once('error', (e) => { exitInfo = `spawn error: ${e.message}`; res(exitInfo); });
  });

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000): Promise<void> => {
    stopping ??= (async () => {
      if (exitInfo === undefined) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      proc.stdin?.destroy();
    })();
    return stopping;
  };
  const undefer = defer(() => stop());

  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  proc.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${name}: ${m.error}`));
  });
  void exited.then((info) => {
    for (const p of pending.values()) { clearTimeout(p.timer); p.reject(new Error(`${name}: exited (${info})`)); }
    pending.clear();
  });

  const lines = createInterface({ input: proc.stdout! });
  starting++;
  const hello = await new Promise<Record<string, unknown>>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`${name}: no ready line within ${opts.readyTimeoutMs ?? 60_000} ms`)), opts.readyTimeoutMs ?? 60_000);
    let got = false;
    lines.on('line', (line) => {
      if (!got && line.startsWith('{')) {
        try {
          const msg = JSON.parse(line) as Record<string, unknown>;
          got = true;
          clearTimeout(timer);
          res(msg);
          return;
        } catch { /* not the hello line */ }
      }
      process.stderr.write(`[${name}] ${line}\n`);
    });
    void exited.then((info) => { clearTimeout(timer); if (!got) rej(new Error(`${name}: exited before it was ready (${info})`)); });
  }).catch(async (e: Error) => {
    await undefer();
    throw e;
  }).finally(() => { starting--; });
  if (aborted) { await undefer(); checkAborted(); }

  return {
    name, proc, pid: proc.pid!, hello, exited,
    stop: async (graceMs?: number) => { await stop(graceMs); await undefer(); },
    call<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
      if (!proc.connected) return Promise.reject(new Error(`${name}: no IPC channel (exited: ${exitInfo ?? 'no'})`));
      const id = nextId++;
      return new Promise<T>((res, rej) => {
        const timer = setTimeout(() => { pending.delete(id); rej(new Error(`${name}: "${cmd}" got no answer within ${timeoutMs} ms`)); }, timeoutMs);
        pending.set(id, { resolve: res as (v: unknown) => void, reject: rej, timer });
        proc.send({ id, cmd, args });
      });
    },
  };
}

/**
 * The child side of `call`: answer IPC requests with `handlers`, print the hello line, and exit
 * when the parent goes away (IPC disconnect or stdin closed) or sends SIGTERM / SIGINT.
 */
export function serveParent(
  handlers: Record<string, (args: Record<string, unknown>) => unknown>,
  hello: Record<string, unknown>,
  shutdown: () => Promise<void> | void,
): void {
  let closing = false;
  const exit = (code: number) => {
    if (closing) return;
    closing = true;
    const hard = setTimeout(() => process.exit(code), 8000);
    hard.unref();
    void Promise.resolve().then(shutdown).catch((e: Error) => console.error(e.message)).finally(() => process.exit(code));
  };
  process.on('message', (m: { id: number; cmd: string; args: Record<string, unknown> }) => {
    const h = handlers[m.cmd];
    if (!h) { process.send?.({ id: m.id, ok: false, error: `unknown command "${m.cmd}"` }); return; }
    Promise.resolve()
      .then(() => h(m.args ?? {}))
      .then((result) => process.send?.({ id: m.id, ok: true, result }), (e: Error) => process.send?.({ id: m.id, ok: false, error: e.message }));
  });
  process.on('disconnect', () => exit(0));
  process.stdin.on('end', () => exit(0));
  process.stdin.on('error', () => exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => exit(0));
  process.on('SIGINT', () => exit(0));
  process.stdout.write(`${JSON.stringify(hello)}\n`);
}
