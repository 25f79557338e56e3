/**
 * Runs the built-in community simulator inside the server: backfills history so charts are not
 * empty on first start, then feeds live points through the same validation, live hub and store
 * writer as POST /write.
 */
import {
  CommunitySimulator, SimulationClock, hierarchyNodes, makeCommunities, runSimulator,
  type CommunityConfig, type RunningSimulator,
} from '../../streams/simulator/index.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import type { RunningApp } from '../app.ts';
import type { ServerConfig } from '../config.ts';
import { acceptLines } from '../ingest/point-validator.ts';
import { PointConverter } from './points-to-lines.ts';

/** The communities the simulator runs: the demo community, plus generated ones for load tests. */
export function simulatedCommunities(count: number, seed: number): CommunityConfig[] {
  return count <= 1 ? [DEMO_COMMUNITY] : [DEMO_COMMUNITY, ...makeCommunities(count - 1, DEMO_COMMUNITY, seed)];
}

export function simulatedHierarchy(communities: CommunityConfig[]): HierarchyNode[] {
  return hierarchyNodes(communities);
}

/** Simulated time advanced per backfill step, ms: bounds the memory of one step. */
const BACKFILL_STEP_MS = 15 * 60_000;

export async function startSimulation(app: RunningApp, config: ServerConfig, communities: CommunityConfig[]): Promise<RunningSimulator> {
  const { seed, acceleration, backfillHours } = config.simulator;
  const now = Date.now();
  const resumeFrom = await lastStoredTime(app, communities);
  // Continue where a previous run stopped, within the backfill window.
  const start = Math.max(now - backfillHours * 3_600_000, resumeFrom ?? -Infinity);
  const simulator = new CommunitySimulator({ communities, seed, start });
  const converter = new PointConverter();
  const ingest = (points: ReturnType<CommunitySimulator['advance']>) => {
    const accepted = acceptLines(converter.convert(points), app.catalog, Date.now(), { maxFutureMs: config.maxFutureMs });
    return app.ingest(accepted);
  };

  let simStart = start;
  if (acceleration === 1) {
    // Real time: simulate the missing history now, in bounded steps.
    for (let t = start + BACKFILL_STEP_MS; t < now; t += BACKFILL_STEP_MS) await ingest(simulator.advance(t));
    await ingest(simulator.advance(now));
    simStart = now;
  }
  // Accelerated: play the history at that speed until it reaches the present, then keep pace.
  const clock = new SimulationClock({ simStart, acceleration });
  return runSimulator({
    simulator,
    clock: { now: () => Math.min(clock.now(), Date.now()) },
    onPoints: (points) => { ingest(points).catch((e: Error) => console.error(`simulator: ${e.message}`)); },
    onError: (e) => console.error(`simulator: ${(e as Error).message}`),
  });
}

async function lastStoredTime(app: RunningApp, communities: CommunityConfig[]): Promise<number | undefined> {
  const defs = communities.slice(0, 1).flatMap((c) => app.catalog.find({ measurement: 'energy', tags: { community: c.id } }));
  if (defs.length === 0) return undefined;
  const latest = await app.store.latest(defs);
  return latest.length ? Math.max(...latest.map((l) => l.t)) : undefined;
}
