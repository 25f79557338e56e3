/**
 * CPU time and resident memory of another process, from /proc (Linux). CPU is utime + stime of all
 * its threads, so a server's worker threads (the SQLite store) are included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return (utime + stime) / clockTicks();
}

/** Resident set size, bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`bench: no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

/** CPU used by a process between `start()` and `stop()`, as seconds and % of one core. */
export class CpuMeter {
  private t0 = 0;
  private c0 = 0;
  constructor(private readonly pid: number) {}
  start(): void {
    this.t0 = Date.now();
    this.c0 = cpuSeconds(this.pid);
  }
  /** Seconds of CPU and percent of one core since start(). */
  read(): { seconds: number; percent: number; wallSeconds: number } {
    const seconds = cpuSeconds(this.pid) - this.c0;
    const wallSeconds = (Date.now() - this.t0) / 1000;
    return { seconds, percent: (100 * seconds) / wallSeconds, wallSeconds };
  }
}

/** CPU of this process (the load generator) between start() and read(). */
export class SelfCpuMeter {
  private t0 = 0;
  private c0 = process.cpuUsage();
  start(): void {
    this.t0 = Date.now();
    this.c0 = process.cpuUsage();
  }
  read(): { seconds: number; percent: number } {
    const d = process.cpuUsage(this.c0);
    const seconds = (d.user + d.system) / 1e6;
    return { seconds, percent: (100 * seconds) / ((Date.now() - this.t0) / 1000) };
  }
}

/** Pid of a running process whose command line contains `needle` (e.g. a temp dir), if any. */
export function findPid(needle: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(needle)) return Number(entry);
    } catch {
      /* exited meanwhile */
    }
  }
  return undefined;
}
