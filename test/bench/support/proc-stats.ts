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

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
  return busy / clockTicks();
}

/**
 * CPU used on the machine by processes other than the benchmark's own (other users' builds and
 * tests), over a window: the figures of a 2-core machine are only meaningful when this is small.
 */
export class InterferenceMeter {
  private m0 = 0;
  private own0 = 0;
  private t0 = 0;
  constructor(private readonly pids: number[]) {}
  private own(): number {
    let s = 0;
    for (const pid of this.pids) {
      try { s += cpuSeconds(pid); } catch { /* exited */ }
    }
    return s;
  }
  start(): void {
    this.t0 = Date.now();
    this.m0 = machineBusySeconds();
    this.own0 = this.own();
  }
  /** % of one core used by other processes since start(). */
  read(): number {
    const others = machineBusySeconds() - this.m0 - (this.own() - this.own0);
    return Math.max(0, (100 * others) / ((Date.now() - this.t0) / 1000));
  }
}

/** Table note about other processes' CPU during measured windows; warns when it was high. */
export function interferenceNote(percent: number, detail = ''): string {
  const base = `Other processes on the machine used ${percent.toFixed(0)} % of one core during the measured windows${detail ? ` (${detail})` : ''}`;
  return percent > 15 ? `WARNING: ${base}; figures are disturbed, run again on a quiet machine.` : `${base}: quiet.`;
}
