/**
 * The guard as the app mounts it: CORS for the allow-listed origins, then the deny-by-default
 * guard with sign-in (server/auth), the alert and tour lookups its table needs, and the audit log.
 */
import express from 'express';
import cors from 'cors';
import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { Auth } from '../auth/index.ts';
import type { AlertOperations } from '../alerts/alert-operations.ts';
import type { TourCatalog } from '../tours/tour-catalog.ts';
import type { StagedIncidents } from '../tours/staged-incidents.ts';
import type { PlanService } from '../plans/plan-service.ts';
import { guard } from './guard.ts';

export function guardRoutes(opts: {
  auth: Auth;
  hierarchy: Hierarchy;
  corsOrigins: readonly string[];
  originProblem: (req: IncomingMessage) => string | undefined;
  alerts: Pick<AlertOperations, 'service'>;
  tours: { catalog: TourCatalog; staged: StagedIncidents };
  plans: Pick<PlanService, 'drillPlace'>;
}): express.Router {
  const r = express.Router();
  // Closed by default: without CORS_ORIGINS no other site's page may read an answer.
  if (opts.corsOrigins.length) r.use(cors({ origin: [...opts.corsOrigins], credentials: true }));
  r.use(guard({
    hierarchy: opts.hierarchy,
    originProblem: opts.originProblem,
    audit: opts.auth.audit,
    auth: {
      resolvePrincipal: (req: Request) => opts.auth.resolvePrincipal(req),
      csrfProblem: (req: Request, p) => opts.auth.checkCsrf(req, p)?.error,
      passwordChangeDue: (p) => opts.auth.service.passwordChangeDue(p),
    },
    context: {
      alertPlace: (id) => {
        if (!/^\d{1,15}$/.test(id)) return undefined;
        const a = opts.alerts.service.get(Number(id));
        return a ? { community: a.community, neighbourhood: a.neighbourhood } : undefined;
      },
      tourStepPlace: (tour, step) => {
        const s = opts.tours.catalog.step(tour, step);
        return s && (s.incident?.neighbourhood ?? s.node);
      },
      stagedPlace: (id) => (/^-\d{1,15}$/.test(id) ? opts.tours.staged.place(Number(id)) : undefined),
      drillPlace: (id) => opts.plans.drillPlace(id),
    },
  }));
  return r;
}
