/**
 * The items the product judges from its own data, per community with a twin:
 * `GET /api/indicators/auto?community=<id>`. Results are computed from the twin's layers, the
 * device registry, the latest samples and the alert delivery figures, and cached briefly.
 *
 * They stand beside the people's assessments and never write them: an operator records an item's
 * status (with this as evidence) through `/api/indicators/assessments`, and progress counts only
 * that. Documented in docs/indicators.md and docs/api.md.
 */
import express, { type Request, type Response } from 'express';
import type { SeriesCatalog } from '../../catalog/series-catalog.ts';
import type { LiveHub } from '../../live/live-hub.ts';
import type { TwinCatalog } from '../../twins/twin-routes.ts';
import type { LoadedTwin } from '../../../twin-models/manifest/load-twin.ts';
import { GUIDELINE_RULES, itemById, type AutoAssessment } from '../../../streams/indicators/catalogue.ts';
import type { AutoAnswer, AutoContext, AutoItemResult } from './auto-result.ts';
import { twinWalkGraph } from './twin-walk-graph.ts';
import { WALK_TO_BUS, WALK_TO_RAIL, walkToTransit } from './walk-to-transit.ts';
import { walkwayDensity } from './walkway-density.ts';
import { energyMetering } from './energy-metering.ts';
import { drainageMonitoring } from './drainage-monitoring.ts';
import { WarningDelayTracker, warningDelay, type WarningDelayOptions } from './warning-delay.ts';

export interface AutoIndicatorOptions {
  twins: TwinCatalog;
  catalog: SeriesCatalog;
  /** Alert delivery is watched on this hub (item 32.6). */
  hub: LiveHub;
  /** How long a community's results are reused, ms. Default 10,000. */
  cacheMs?: number;
  warningDelay?: WarningDelayOptions;
  /** Server clock, epoch ms (tests). Default Date.now. */
  now?: () => number;
}


export interface AutoIndicators {
  router: express.Router;
  tracker: WarningDelayTracker;
  /** Compute now, bypassing the cache. */
  compute(community: string, twin: LoadedTwin): AutoAnswer;
  close(): void;
}

/** Every auto item of one community; an item that fails is answered with its error, the others still stand. */
function computeAll(ctx: AutoContext, tracker: WarningDelayTracker): AutoItemResult[] {
  const graph = twinWalkGraph(ctx.twin);
  const steps: [AutoAssessment, string | null, () => AutoItemResult][] = [
    ['walk-to-bus', '12.1', () => walkToTransit(WALK_TO_BUS, ctx, graph)],
    ['walk-to-rail', '12.2', () => walkToTransit(WALK_TO_RAIL, ctx, graph)],
    ['walkway-density', null, () => walkwayDensity(ctx, graph)],
    ['energy-metering', '11.4', () => energyMetering(ctx)],
    ['drainage-monitoring', '33.3', () => drainageMonitoring(ctx)],
    ['warning-delay', '32.6', () => warningDelay(ctx.community, tracker)],
  ];
  return steps.map(([check, item, run]) => {
    try {
      return run();
    } catch (e) {
      console.error(`indicators: ${ctx.community} ${check}: ${(e as Error).message}`);
      return {
        check, item, name: (item ? itemById(item)?.text : GUIDELINE_RULES.find((r) => r.id === check)?.text) ?? { zh: check, en: check }, value: null, unit: '', threshold: null, met: null,
        reason: `indicators: ${check} could not be computed: ${(e as Error).message}`, evidence: {},
      };
    }
  });
}

export function autoIndicators(opts: AutoIndicatorOptions): AutoIndicators {
  const now = opts.now ?? Date.now;
  const cacheMs = opts.cacheMs ?? 10_000;
  const tracker = new WarningDelayTracker({ now, ...opts.warningDelay });
  opts.hub.observeAlertDelivery(tracker);
  // Keyed by community; only communities with a twin get here, so the twin folders bound it.
  const cache = new Map<string, { at: number; twin: LoadedTwin; answer: AutoAnswer }>();

  const compute = (community: string, twin: LoadedTwin): AutoAnswer => {
    const at = now();
    const items = computeAll({ community, twin, catalog: opts.catalog, now: at }, tracker);
    return { community, computedAt: new Date(at).toISOString(), items };
  };

  const router = express.Router();
  router.get('/', async (req: Request, res: Response) => {
    const raw = req.query.community;
    if (typeof raw !== 'string' || raw === '') {
      res.status(400).json({ error: 'indicators: name a community: /api/indicators/auto?community=<id>' });
      return;
    }
    const twin = await opts.twins.get(raw);
    if (!twin) {
      res.status(404).json({ error: `indicators: no twin for community ${JSON.stringify(clip(raw))}; the items judged from the product's data need the community's twin (see /api/twins)` });
      return;
    }
    const hit = cache.get(raw);
    if (hit && hit.twin === twin && now() - hit.at < cacheMs) { res.json(hit.answer); return; }
    const answer = compute(raw, twin);
    cache.set(raw, { at: now(), twin, answer });
    res.json(answer);
  });

  return {
    router, tracker, compute,
    close: () => {
      tracker.close();
      opts.hub.observeAlertDelivery(undefined);
    },
  };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
