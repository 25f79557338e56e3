/**
 * Runs an IFC conversion in a child process with a memory cap, so one huge model cannot take the
 * server or the operator's shell down with it. web-ifc's WebAssembly heap is outside V8's limits,
 * so the cap is enforced on the child's resident memory, read from /proc while it works.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConvertIfcOptions, IfcConversionResult } from './convert-ifc.ts';
import { IfcImportError } from './ifc-model.ts';

export interface ChildConversion extends IfcConversionResult {
  /** Largest resident set the child reached, bytes (0 where /proc is not available). */
  peakRssBytes: number;
}

const CHILD = fileURLToPath(new URL('./ifc-convert-child.ts', import.meta.url));

export function convertIfcInChild(
  ifcPath: string,
  opts: Omit<ConvertIfcOptions, 'onProgress'> & { maxMemoryMb?: number; onProgress?: ConvertIfcOptions['onProgress'] },
): Promise<ChildConversion> {
  const capBytes = (opts.maxMemoryMb ?? 2048) * 1024 * 1024;
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let peak = 0;
  return new Promise<ChildConversion>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, result?: IfcConversionResult) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (err) reject(err); else resolve({ ...result!, peakRssBytes: peak });
    };
    const watch = setInterval(() => {
      const rss = rssOf(child.pid);
      peak = Math.max(peak, rss);
      if (rss > capBytes) finish(new IfcImportError(`ifc: converting ${ifcPath} needed more than ${opts.maxMemoryMb ?? 2048} MB of memory; stopped (raise --max-memory, or split the model by storey or discipline)`));
    }, 100);
    child.on('message', (m: { progress?: [string, number, number]; result?: IfcConversionResult; error?: string }) => {
      if (m.progress) opts.onProgress?.(...m.progress);
      else if (m.result) finish(null, m.result);
      else if (m.error) finish(new IfcImportError(m.error));
    });
    child.on('error', (e) => finish(new IfcImportError(`ifc: could not start the converter for ${ifcPath}: ${e.message}`, { cause: e })));
    child.on('exit', (code, signal) => finish(new IfcImportError(`ifc: the converter for ${ifcPath} stopped (${signal ?? `exit ${code}`}) before it finished`)));
    child.send({ ifcPath, outDir: opts.outDir, name: opts.name, compress: opts.compress });
  });
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
