/**
 * Runs the built-in community simulator inside the server: backfills history so charts are not
 * empty on first start, then feeds live points through the same validation, live hub, alert
 * lifecycle and store writer as POST /write. Alerts of the history get lifecycle records, closed
 * where each incident ended (AlertOperations.acceptHistory).
 */
import {
  CommunitySimulator, SimulationClock, generateCommunity, pickCommunities, placeOf, runSimulator,
  type CommunityConfig, type Incident, type RunningSimulator,
} from '../../streams/simulator/index.ts';
import type { SiteRecord } from '../../streams/sites/site-record.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import type { RunningApp } from '../app.ts';
import type { ServerConfig } from '../config.ts';
import { acceptLines } from '../ingest/point-validator.ts';
import { PointConverter } from './points-to-lines.ts';
import { HISTORY_STEP_MS } from '../rollups/rollup-history.ts';

/**
 * The communities the simulator runs (SIM_COMMUNITIES): `count` real urban 社区 of the sites tree,
 * the demo community first (from its twin's plan, so its series land on what the twin draws), the
 * others generated for their place. The same sites, count and seed give the same communities.
 */
export function simulatedCommunities(sites: readonly SiteRecord[], count: number, seed: number): CommunityConfig[] {
  const byId = new Map(sites.map((s) => [s.id, s]));
  return pickCommunities(sites, count, seed, DEMO_COMMUNITY.id).map((c) =>
    c.id === DEMO_COMMUNITY.id ? DEMO_COMMUNITY : generateCommunity(placeOf(byId, c.id), seed));
}

/**
 * The neighbourhoods (小区) of the simulated communities the sites tree does not have yet, as
 * records to add to the live tree (they have no official code). A neighbourhood id the tree uses
 * for another place is an error.
 */
export function neighbourhoodSites(communities: readonly CommunityConfig[], sites: readonly SiteRecord[]): SiteRecord[] {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const out: SiteRecord[] = [];
  for (const c of communities) {
    for (const n of c.neighbourhoods) {
      const known = byId.get(n.id);
      if (known) {
        if (known.level !== 'neighbourhood' || known.parent !== c.id) {
          throw new Error(`sites: neighbourhood "${n.id}" of simulated community "${c.id}" is already a ${known.level} under "${known.parent ?? ''}" in the sites tree`);
        }
        continue;
      }
      const record: SiteRecord = { id: n.id, level: 'neighbourhood', parent: c.id, code: null, name: { zh: n.name.zh, en: n.name.en } };
      byId.set(n.id, record);
      out.push(record);
    }
  }
  return out;
}

/**
 * Simulated time advanced per backfill step, ms: about 50,000 points a step (a simulated community
 * sends about 22 a second), 15 minutes at most. One huge step would be one write the store takes
 * tens of seconds over.
 */
function backfillStepMs(communities: number): number {
  return Math.min(15 * 60_000, Math.max(1000, Math.round(2_300_000 / communities)));
}
/**
 * Spacing of the backfilled roll-up history, ms: the bucket the history API reads. A step that
 * crosses a 5-minute mark records the nodes' figures at its end (with fewer than 8 communities a
 * step is longer than 5 minutes, so a record every step).
 */
const HISTORY_BACKFILL_MS = 5 * 60_000;

/** `incidents`: scripted events (a demo's staged incident, a test's known alerts); default none. */
export async function startSimulation(
  app: RunningApp, config: ServerConfig, communities: CommunityConfig[], { incidents }: { incidents?: readonly Incident[] } = {},
): Promise<RunningSimulator> {
  const { seed, acceleration, backfillHours } = config.simulator;
  // Their buildings' floor areas, for energy intensity (a twin's own figures are kept).
  for (const c of communities) app.facts.setCommunity(c.id, c.buildings, 'simulator');
  const now = Date.now();
  const resumeFrom = await lastStoredTime(app, communities);
  // Continue where a previous run stopped, within the backfill window.
  const start = Math.max(now - backfillHours * 3_600_000, resumeFrom ?? -Infinity);
  const simulator = new CommunitySimulator({ communities, seed, start, incidents });
  const converter = new PointConverter();
  const ingest = (points: ReturnType<CommunitySimulator['advance']>) => {
    const accepted = acceptLines(converter.convert(points), app.catalog, Date.now(), { maxFutureMs: config.maxFutureMs });
    // History raises nothing live (alerts are about now), but its alerts get records as a live run
    // would have left them, closed where each incident ended, so every screen shows the same past.
    app.alerts.acceptHistory(accepted.alerts, simulator.now);
    return app.ingest(accepted);
  };

  // The past is simulated here, so its roll-up history is recorded here too, at simulated times;
  // the server's minute timer waits until the simulation has reached the present.
  const release = app.history.hold();
  let simStart = start;
  if (acceleration === 1) {
    // Real time: simulate the missing history now, in bounded steps, the nodes' figures recorded
    // every 5 simulated minutes (one record in flight, beside the next step's points).
    const step = backfillStepMs(communities.length);
    let recorded: Promise<void> = Promise.resolve();
    try {
      for (let t = start + step; t < now; t += step) {
        await storeKeepsUp(app);
        await ingest(simulator.advance(t));
        if (Math.floor(t / HISTORY_BACKFILL_MS) > Math.floor((t - step) / HISTORY_BACKFILL_MS)) {
          await recorded;
          recorded = app.history.record(t);
          // Its failure is met at the next await of it; until then it must not count as unhandled.
          recorded.catch(() => {});
        }
      }
      await ingest(simulator.advance(now));
      await recorded;
    } catch (e) {
      // History is a convenience: without it the charts start empty, but the live run goes on.
      console.error(`simulator: backfill stopped at ${new Date(simulator.now).toISOString()}: ${(e as Error).message}; the live simulation goes on`);
    } finally {
      release();
    }
    simStart = now;
  }
  // Accelerated: play the history at that speed until it reaches the present, then keep pace.
  const clock = new SimulationClock({ simStart, acceleration });
  let stopped = false;
  const running = runSimulator({
    simulator,
    clock: { now: () => Math.min(clock.now(), Date.now()) },
    maxSimStepMs: acceleration === 1 ? LIVE_MAX_STEP_MS : undefined,
    onPoints: async (points) => {
      // In slices with a turn of the event loop between them: a city's tick is hundreds of
      // thousands of points, and requests and sockets must not wait for all of it.
      for (let i = 0; i < points.length; i += LIVE_SLICE_POINTS) {
        if (i > 0) await new Promise((r) => setImmediate(r));
        ingest(points.slice(i, i + LIVE_SLICE_POINTS)).catch((e: Error) => console.error(`simulator: ${e.message}`));
      }
      if (acceleration !== 1) recordSimulatedMinute(app, simulator.now, release);
      await writerCatchesUp(app, () => stopped);
      lag.check(running.behindMs());
    },
    onError: (e) => console.error(`simulator: ${(e as Error).message}`),
  });
  const lag = lagReporter(communities.length);
  return { stop: () => { stopped = true; release(); running.stop(); }, behindMs: () => running.behindMs() };
}

/**
 * The next tick waits while more than this many points wait for the store: a store slower than
 * an accelerated simulation makes the simulation lag (and say so), rather than fill memory.
 */
const LIVE_MAX_BACKLOG_POINTS = 100_000;

async function writerCatchesUp(app: RunningApp, stopped: () => boolean): Promise<void> {
  while (!stopped() && app.writer.backlogPoints > LIVE_MAX_BACKLOG_POINTS) await new Promise((r) => setTimeout(r, 50));
}

/** Points ingested in one go by the live run (about 20 ms of work on one core). */
const LIVE_SLICE_POINTS = 5000;
/** At 1×, a tick covers at most this much simulated time: a slow server makes the simulation lag, not stall. */
const LIVE_MAX_STEP_MS = 5000;
/** The simulation is said to lag once this far behind real time, ms, and again each time the lag doubles. */
const LAG_WARN_MS = 30_000;

function lagReporter(communities: number): { check(behindMs: number): void } {
  let warnAt = LAG_WARN_MS;
  return {
    check(behindMs) {
      if (behindMs < LAG_WARN_MS / 2) warnAt = LAG_WARN_MS;
      if (behindMs < warnAt) return;
      console.warn(`simulator: ${Math.round(behindMs / 1000)} s behind real time: this server does not keep up with ${communities} communities`);
      warnAt *= 2;
    },
  };
}

/** While an accelerated simulation catches up, the last whole simulated minute's figures; then the server's timer again. */
function recordSimulatedMinute(app: RunningApp, simNow: number, release: () => void): void {
  if (simNow >= Date.now() - HISTORY_STEP_MS) { release(); return; }
  // The roll-ups took the points in as they were ingested; a minute already recorded is skipped by record().
  const minute = Math.floor(simNow / HISTORY_STEP_MS) * HISTORY_STEP_MS;
  app.history.record(minute).catch((e: Error) => console.error(`simulator: roll-up history: ${e.message}`));
}

/**
 * History is written as fast as the store takes it, not faster: while the store is behind (points
 * wait in the spool, or it does not answer) the backfill waits, since the spool is for outages and
 * would fill with history otherwise.
 */
async function storeKeepsUp(app: RunningApp): Promise<void> {
  for (let waited = 0; ; waited += 200) {
    const h = app.writer.health;
    if (h.reachable && h.spooledPoints === 0) return;
    if (waited === 30_000) console.warn(`simulator: backfill waits for the store (${h.reason ?? 'behind'})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function lastStoredTime(app: RunningApp, communities: CommunityConfig[]): Promise<number | undefined> {
  const defs = communities.slice(0, 1).flatMap((c) => app.catalog.find({ measurement: 'energy', tags: { community: c.id } }));
  if (defs.length === 0) return undefined;
  const latest = await app.store.latest(defs);
  return latest.length ? Math.max(...latest.map((l) => l.t)) : undefined;
}
