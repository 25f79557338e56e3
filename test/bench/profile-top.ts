/**
 * Top functions of V8 CPU profiles by self time:
 * `npx tsx test/bench/profile-top.ts <file.cpuprofile>... [--top N] [--stalls MS]`.
 * `--stalls MS` also lists every stretch of MS ms or more in which the thread never went idle
 * (what held the event loop), with the functions that took most of it.
 * Pair with BENCH_PROFILE_DIR=<dir> (bench servers run under `node --cpu-prof`): one profile per
 * thread, so the main thread and the SQLite worker are listed apart.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './support/children.ts';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const args = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : undefined;
};
const top = option('--top') ?? 25;
const stallMs = option('--stalls');
const files = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (files.length === 0) {
  console.error('usage: tsx test/bench/profile-top.ts <file.cpuprofile>... [--top N]');
  process.exit(2);
}

for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const byFn = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${relative(REPO_ROOT, f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    total += us;
  }
  const idle = ['(idle)', '(program)', '(garbage collector)'].map((k) => `${k}: ${(((byFn.get(k) ?? 0) / total) * 100).toFixed(1)} %`).join(', ');
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled; ${idle}`);
  const rows = [...byFn].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, us] of rows) console.log(`${((us / total) * 100).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  if (stallMs !== undefined) stalls(p, byId, stallMs);
}

/** Stretches without an idle sample, longest first, with what took most of each. */
function stalls(p: Profile, byId: Map<number, ProfileNode>, minMs: number): void {
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'}${f.url ? ` ${relative(REPO_ROOT, f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : ''}`;
  };
  const found: { at: number; ms: number; fns: Map<string, number> }[] = [];
  let at = 0;
  let cur: { at: number; ms: number; fns: Map<string, number> } | undefined;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const fn = name(p.samples[i]);
    if (fn.startsWith('(idle)')) {
      if (cur && cur.ms >= minMs) found.push(cur);
      cur = undefined;
    } else {
      cur ??= { at, ms: 0, fns: new Map() };
      cur.ms += dt;
      cur.fns.set(fn, (cur.fns.get(fn) ?? 0) + dt);
    }
    at += (p.timeDeltas[i] ?? 0) / 1000;
  }
  if (cur && cur.ms >= minMs) found.push(cur);
  console.log(`  busy stretches of ${minMs} ms or more: ${found.length}`);
  for (const s of found.sort((a, b) => b.ms - a.ms).slice(0, top)) {
    const fns = [...s.fns].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([f, ms]) => `${f} ${ms.toFixed(0)} ms`).join('; ');
    console.log(`  ${s.ms.toFixed(0).padStart(5)} ms at ${(s.at / 1000).toFixed(1)} s: ${fns}`);
  }
}
