/**
 * What grew between two V8 heap snapshots (Chromium DevTools' format, e.g. the wall-soak
 * benchmark's BENCH_WALL_SNAPSHOTS): objects and bytes by constructor name, the largest growth first.
 *
 *   npx tsx test/bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [rows]
 */
import { readFileSync } from 'node:fs';

interface Totals { count: number; bytes: number }

function byConstructor(file: string): Map<string, Totals> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map<string, Totals>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]];
    // Objects by constructor; everything else (strings, code, arrays' backing stores) by type.
    const key = type === 'object' || type === 'native' ? snap.strings[snap.nodes[i + nameAt]] : `(${type})`;
    const t = out.get(key) ?? { count: 0, bytes: 0 };
    t.count++;
    t.bytes += snap.nodes[i + sizeAt];
    out.set(key, t);
  }
  return out;
}

const [before, after, rowsArg] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: npx tsx test/bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [rows]');
  process.exit(2);
}
const a = byConstructor(before);
const b = byConstructor(after);
const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => {
  const x = a.get(k) ?? { count: 0, bytes: 0 };
  const y = b.get(k) ?? { count: 0, bytes: 0 };
  return { k, dCount: y.count - x.count, dBytes: y.bytes - x.bytes, count: y.count };
}).sort((p, q) => q.dBytes - p.dBytes).slice(0, Number(rowsArg ?? 30));
const total = (m: Map<string, Totals>) => [...m.values()].reduce((s, t) => s + t.bytes, 0);
console.log(`self size ${(total(a) / 1048576).toFixed(1)} → ${(total(b) / 1048576).toFixed(1)} MB`);
for (const r of rows) console.log(`${(r.dBytes / 1024).toFixed(0).padStart(8)} kB  ${String(r.dCount).padStart(7)} objects (${r.count} now)  ${r.k.slice(0, 100)}`);
