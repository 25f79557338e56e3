/**
 * The pipe networks now, from the live store's latest values: sensors counted by status per
 * network, current pressures per network (for the histograms) and the sensors reporting a leak.
 */
import { PIPE_NETWORKS, PIPE_STATUSES } from '../../../streams/families/index.ts';
import type { LiveData } from '../../live/live-store.ts';

export interface PipeSensorNow {
  network: string;
  sensor: string;
  neighbourhood: string;
  status: string;
  /** Epoch ms of the status. */
  since: number;
}

export interface PipeHealth {
  /** network → status → sensors. Every known network and status is present (0 when none). */
  counts: Record<string, Record<string, number>>;
  /** Latest pressure of each sensor that measures one, kPa, per network. */
  pressures: Record<string, number[]>;
  /** Sensors whose latest status is `leak`, newest first. */
  leaks: PipeSensorNow[];
  /** Sensors with a status. */
  sensors: number;
}

export function pipeHealth(data: LiveData): PipeHealth {
  const counts: Record<string, Record<string, number>> = {};
  const pressures: Record<string, number[]> = {};
  for (const n of PIPE_NETWORKS) {
    counts[n] = Object.fromEntries(PIPE_STATUSES.map((s) => [s, 0]));
    pressures[n] = [];
  }
  const leaks: PipeSensorNow[] = [];
  let sensors = 0;
  for (const d of data.schema.values()) {
    if (d.measurement !== 'pipe') continue;
    const network = d.tags.network ?? 'unknown';
    if (d.field === 'status') {
      const status = data.latestText.get(d.id);
      if (status === undefined) continue;
      sensors++;
      const c = (counts[network] ??= Object.fromEntries(PIPE_STATUSES.map((s) => [s, 0])));
      c[status] = (c[status] ?? 0) + 1;
      if (status === 'leak') {
        leaks.push({ network, sensor: d.tags.sensor ?? '', neighbourhood: d.tags.neighbourhood ?? '', status, since: data.latestTime(d.id) });
      }
    } else if (d.field === 'pressure_kpa') {
      const v = data.latestValue(d.id);
      if (!Number.isNaN(v)) (pressures[network] ??= []).push(v);
    }
  }
  leaks.sort((a, b) => b.since - a.since);
  return { counts, pressures, leaks, sensors };
}

/** Sensors of every network together, by status. */
export function totalByStatus(h: PipeHealth): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(PIPE_STATUSES.map((s) => [s, 0]));
  for (const c of Object.values(h.counts)) for (const [s, n] of Object.entries(c)) out[s] = (out[s] ?? 0) + n;
  return out;
}
