/**
 * The permission table: every HTTP route the server mounts, with who may call it and which node of
 * the tree it touches. Deny by default: a request that matches no entry is refused (guard.ts), the
 * server refuses to start with a mounted route that has no entry, and a test walks the mounted
 * routes against this table, so a route added without an entry fails.
 *
 * `node` names the place a request is about (checked against the caller's scope before the
 * handler runs); routes without one either touch no place or filter their answer by scope
 * themselves (lists: alerts, series, twins, the hierarchy).
 */
import type { Request } from 'express';
import type { Capability } from './capabilities.ts';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Lookups a rule needs to find the place of a request (an alert's neighbourhood). */
export interface RouteContext {
  alertPlace(id: string): { community: string; neighbourhood: string } | undefined;
  /** The node a tour's step is about (its incident's neighbourhood, else its node). */
  tourStepPlace(tour: string, step: string): string | undefined;
  /** Where a staged incident of a tour happens. */
  stagedPlace(id: string): { community: string; neighbourhood: string } | undefined;
  /** The neighbourhood a drill (a plan run's id) happens in. */
  drillPlace(id: string): string | undefined;
}

export interface RouteRule {
  method: Method;
  /** Express path syntax, as `mountedRoutes()` lists it; a static mount is written `/twins/{*path}`. */
  path: string;
  /** 'public': anyone; 'signed-in': any principal; otherwise the capability needed. */
  access: 'public' | 'signed-in' | Capability;
  /** The node the request touches; undefined when it names none. */
  node?: (req: Request, ctx: RouteContext) => string | undefined;
  /** Audit action recorded when a state change succeeds. */
  audit?: (req: Request) => string;
  /** Open to a person who must change their password first (everything else answers 403 until they do). */
  beforePasswordChange?: true;
}

const q = (req: Request, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = req.query[n];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
};
const param = (name: string) => (req: Request) => {
  const v = req.params[name];
  return typeof v === 'string' ? v : undefined;
};
/** Alerts, hand-overs: `node`, `neighbourhood` or `community`. */
const alertNode = (req: Request) => q(req, 'node', 'neighbourhood', 'community');
/** Series reads: the most specific place named. */
const seriesNode = (req: Request) => q(req, 'neighbourhood', 'tag.neighbourhood', 'community', 'tag.community');
const communityQuery = (req: Request) => q(req, 'community');
const nodeQuery = (req: Request) => q(req, 'node');
const alertOf = (req: Request, ctx: RouteContext) => {
  const id = req.params.id;
  const place = typeof id === 'string' ? ctx.alertPlace(id) : undefined;
  // A community-wide alert (a rule over the whole community) has no neighbourhood.
  return place ? place.neighbourhood || place.community : undefined;
};
/** A twin file's community: the first segment below /twins/. */
const twinFolder = (req: Request) => {
  const path = req.params.path;
  const first = Array.isArray(path) ? path[0] : typeof path === 'string' ? path.split('/')[0] : undefined;
  return first ? decodeURIComponent(first) : undefined;
};
const tourStep = (req: Request, ctx: RouteContext) => {
  const { id, step } = req.params;
  return typeof id === 'string' && typeof step === 'string' ? ctx.tourStepPlace(id, step) : undefined;
};
const stagedOf = (req: Request, ctx: RouteContext) => {
  const id = req.params.incident;
  return typeof id === 'string' ? ctx.stagedPlace(id)?.neighbourhood : undefined;
};
const drillOf = (req: Request, ctx: RouteContext) => {
  const id = req.params.id;
  return typeof id === 'string' ? ctx.drillPlace(id) : undefined;
};
const named = (action: string) => () => action;

export const ROUTE_TABLE: readonly RouteRule[] = [
  // InfluxDB 1.x compatible ingest: gateways (and Telegraf) with tokens; the scope is checked per line.
  { method: 'GET', path: '/ping', access: 'public' },
  { method: 'HEAD', path: '/ping', access: 'public' },
  { method: 'POST', path: '/write', access: 'ingest' },
  { method: 'POST', path: '/query', access: 'ingest' },

  // Sign-in. The pages themselves are public; what they show is not.
  { method: 'POST', path: '/api/auth/login', access: 'public' },
  { method: 'POST', path: '/api/auth/display', access: 'public' },
  // Acknowledging from a notification's signed link: the link is the credential (server/notify/ack-links.ts).
  { method: 'GET', path: '/api/notify/ack/:token', access: 'public' },
  { method: 'POST', path: '/api/notify/ack/:token', access: 'public' },
  { method: 'POST', path: '/api/auth/guest', access: 'public' },
  { method: 'POST', path: '/api/auth/logout', access: 'signed-in', beforePasswordChange: true },
  { method: 'GET', path: '/api/auth/me', access: 'signed-in', beforePasswordChange: true },
  { method: 'POST', path: '/api/auth/password', access: 'signed-in', beforePasswordChange: true },
  // What the sign-in page needs to know (demo visits on?, video platform); holds no secret.
  { method: 'GET', path: '/api/client-config', access: 'public' },
  // For load balancers and monitoring: the store's state, no data.
  { method: 'GET', path: '/api/health', access: 'public' },

  // Alerts.
  { method: 'GET', path: '/api/alerts/rules', access: 'read', node: communityQuery },
  { method: 'PUT', path: '/api/alerts/rules', access: 'rules.edit', node: communityQuery, audit: named('rules.replace') },
  { method: 'GET', path: '/api/alerts', access: 'read', node: alertNode },
  { method: 'GET', path: '/api/alerts/stats', access: 'read', node: alertNode },
  { method: 'GET', path: '/api/alerts/handover', access: 'read', node: alertNode },
  { method: 'GET', path: '/api/alerts/:id', access: 'read', node: alertOf },
  { method: 'POST', path: '/api/alerts/:id/:action', access: 'alerts.act', node: alertOf, audit: (req) => `alert.${String(req.params.action)}` },

  // Emergency plans: the templates are read by whoever reads alerts; an alert's run is read and
  // ticked off like the alert itself (its place). A drill's node is in its body: the route checks
  // it against the caller's scope.
  { method: 'GET', path: '/api/plans/templates', access: 'read', node: nodeQuery },
  { method: 'PUT', path: '/api/plans/templates/:node', access: 'admin', node: param('node'), audit: named('plans.override') },
  { method: 'DELETE', path: '/api/plans/templates/:node', access: 'admin', node: param('node'), audit: named('plans.override.delete') },
  { method: 'GET', path: '/api/alerts/:id/plan', access: 'read', node: alertOf },
  { method: 'POST', path: '/api/alerts/:id/plan/steps/:step/items/:item', access: 'alerts.act', node: alertOf, audit: named('plan.item') },
  { method: 'POST', path: '/api/alerts/:id/plan/steps/:step/done', access: 'alerts.act', node: alertOf, audit: named('plan.step.done') },
  { method: 'POST', path: '/api/drills', access: 'drills.run', audit: named('drill.start') },
  { method: 'POST', path: '/api/drills/:id/finish', access: 'drills.run', node: drillOf, audit: named('drill.finish') },
  { method: 'GET', path: '/api/drills/:id/report', access: 'read', node: drillOf },

  // Time series and the tree.
  { method: 'GET', path: '/api/hierarchy', access: 'signed-in' },
  { method: 'GET', path: '/api/series', access: 'read', node: seriesNode },
  { method: 'GET', path: '/api/latest', access: 'read', node: seriesNode },
  { method: 'GET', path: '/api/query', access: 'read', node: seriesNode },
  { method: 'GET', path: '/api/summary', access: 'read', node: nodeQuery },
  { method: 'GET', path: '/api/summary/history', access: 'read', node: nodeQuery },
  // A past window of a node, played by a screen for incident review.
  { method: 'GET', path: '/api/replay', access: 'read', node: nodeQuery },
  // The city map's geometry for a node: its outline and its children's places.
  { method: 'GET', path: '/api/map', access: 'read', node: nodeQuery },
  { method: 'GET', path: '/api/compare', access: 'read', node: nodeQuery },

  // Twins: manifests and their files, per community.
  { method: 'GET', path: '/api/twins', access: 'read' },
  { method: 'GET', path: '/api/twins/:community', access: 'read', node: param('community') },
  { method: 'GET', path: '/twins/{*path}', access: 'read', node: twinFolder },
  { method: 'HEAD', path: '/twins/{*path}', access: 'read', node: twinFolder },

  // Indicators.
  { method: 'GET', path: '/api/indicators/auto', access: 'read', node: communityQuery },
  { method: 'GET', path: '/api/indicators/catalogue', access: 'signed-in' },
  { method: 'GET', path: '/api/indicators/assessments', access: 'read', node: nodeQuery },
  { method: 'GET', path: '/api/indicators/assessments/:community/:item/history', access: 'read', node: param('community') },
  { method: 'PUT', path: '/api/indicators/assessments/:community/:item', access: 'assess', node: param('community'), audit: named('assessment.set') },
  { method: 'GET', path: '/api/indicators/progress', access: 'read', node: nodeQuery },
  { method: 'GET', path: '/api/indicators/compliance-history', access: 'read', node: nodeQuery },

  // Reports people forward (printable page, CSV, XLSX) about one node in the caller's scope.
  { method: 'GET', path: '/api/reports/shift', access: 'read', node: nodeQuery },
  { method: 'GET', path: '/api/reports/indicators', access: 'read', node: nodeQuery },
  { method: 'GET', path: '/api/reports/energy', access: 'read', node: nodeQuery },

  // Demo tours: any reader may list and play them (a tour holds the steps in the caller's scope);
  // staging an incident touches no real record, and is for those who give the visits.
  { method: 'GET', path: '/api/tours', access: 'read' },
  { method: 'GET', path: '/api/tours/:id', access: 'read' },
  { method: 'POST', path: '/api/tours/:id/steps/:step/incident', access: 'demo.stage', node: tourStep, audit: named('tour.stage') },
  { method: 'POST', path: '/api/tours/incidents/:incident/:action', access: 'demo.stage', node: stagedOf, audit: (req) => `tour.incident.${String(req.params.action)}` },
  { method: 'DELETE', path: '/api/tours/incidents/:incident', access: 'demo.stage', node: stagedOf, audit: named('tour.incident.end') },
  { method: 'DELETE', path: '/api/tours/incidents', access: 'demo.stage' },

  // Administration (the routers record their own audit entries, with before/after detail).
  { method: 'GET', path: '/api/admin/users', access: 'admin' },
  { method: 'POST', path: '/api/admin/users', access: 'admin' },
  { method: 'PATCH', path: '/api/admin/users/:id', access: 'admin' },
  { method: 'DELETE', path: '/api/admin/users/:id', access: 'admin' },
  { method: 'POST', path: '/api/admin/users/:id/unlock', access: 'admin' },
  { method: 'GET', path: '/api/admin/tokens', access: 'admin' },
  { method: 'POST', path: '/api/admin/tokens', access: 'admin' },
  { method: 'DELETE', path: '/api/admin/tokens/:id', access: 'admin' },
  { method: 'GET', path: '/api/admin/audit', access: 'admin' },
  { method: 'GET', path: '/api/admin/sites', access: 'admin' },
  { method: 'POST', path: '/api/admin/sites', access: 'admin', audit: named('site.create') },
  { method: 'POST', path: '/api/admin/sites/import', access: 'admin', audit: named('sites.import') },
  { method: 'GET', path: '/api/admin/sites/:id', access: 'admin' },
  { method: 'PATCH', path: '/api/admin/sites/:id', access: 'admin', audit: named('site.update') },
  { method: 'DELETE', path: '/api/admin/sites/:id', access: 'admin', audit: named('site.delete') },
  { method: 'GET', path: '/api/admin/displays', access: 'admin' },
  { method: 'POST', path: '/api/admin/displays', access: 'admin', audit: named('display.create') },
  { method: 'PATCH', path: '/api/admin/displays/:id', access: 'admin', audit: named('display.update') },
  { method: 'DELETE', path: '/api/admin/displays/:id', access: 'admin', audit: named('display.delete') },
  // Lines /write refused, and their replay through the ingest path (which writes data: audited).
  { method: 'GET', path: '/api/admin/dead-letters', access: 'admin' },
  { method: 'POST', path: '/api/admin/dead-letters/replay', access: 'admin', audit: named('dead-letters.replay') },
  // Notification channels and routing: administrators only (channels hold robot keys and passwords).
  { method: 'GET', path: '/api/admin/notify/channels', access: 'admin' },
  { method: 'POST', path: '/api/admin/notify/channels', access: 'admin', audit: named('notify.channel.create') },
  { method: 'PATCH', path: '/api/admin/notify/channels/:id', access: 'admin', audit: named('notify.channel.update') },
  { method: 'DELETE', path: '/api/admin/notify/channels/:id', access: 'admin', audit: named('notify.channel.delete') },
  { method: 'POST', path: '/api/admin/notify/channels/:id/test', access: 'admin', audit: named('notify.channel.test') },
  { method: 'GET', path: '/api/admin/notify/rules', access: 'admin' },
  { method: 'PUT', path: '/api/admin/notify/rules', access: 'admin', audit: named('notify.rules.replace') },

  // Wall screens: a display reads its own profile and reports its health (the routes check which
  // display the token is); administrators may read any profile. Heartbeats are not audited: one per 30 s per wall.
  { method: 'GET', path: '/api/displays/:id', access: 'read' },
  { method: 'POST', path: '/api/displays/:id/heartbeat', access: 'read' },
  // The wall page (public like every page; it signs in with the token in its fragment).
  { method: 'GET', path: '/display/:id', access: 'public' },
];

/** Live events a socket may send, with the capability each needs (the hub checks the node per topic). */
export const EVENT_TABLE: Readonly<Record<string, Capability>> = {
  subscribe: 'read',
  unsubscribe: 'read',
  alertSeen: 'read',
};
