/**
 * Assembles the server: one HTTP port for ingest, the read API, Socket.IO and the built client.
 *
 *   POST /write ─► parse ─► validate ─┬─► live hub ─► Socket.IO rooms
 *                                     ├─► alert rules and lifecycle (server/alerts) ─► records db, hub
 *                                     └─► store writer ─► store (or disk spool while it is down)
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import { Server } from 'socket.io';
import type { ClientToServer, ServerToClient } from '../streams/live-protocol.ts';
import type { HierarchyNode } from '../streams/hierarchy.ts';
import { videoOrigins, type ServerConfig } from './config.ts';
import { SeriesCatalog } from './catalog/series-catalog.ts';
import { StoreUnavailableError, type SeriesDef, type TimeSeriesStore } from './store/types.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import { DiskSpool } from './ingest/disk-spool.ts';
import { Quarantine } from './store/quarantine.ts';
import { StoreWriter, type StoreWriterOptions } from './ingest/store-writer.ts';
import { ingestErrors, writeRoutes } from './ingest/write-route.ts';
import { LineIngest } from './ingest/line-ingest.ts';
import { Backpressure } from './ingest/backpressure.ts';
import { DeadLetters } from './ingest/dead-letters.ts';
import { DeadLetterReplay } from './ingest/dead-letter-replay.ts';
import { deadLetterRoutes } from './ingest/dead-letter-routes.ts';
import { currentAccess } from './ingest/sender-access.ts';
import { ingestHealth } from './ingest/ingest-health.ts';
import type { Accepted } from './ingest/point-validator.ts';
import { LiveHub, type LiveHubOptions } from './live/live-hub.ts';
import { queryRoutes } from './api/query-routes.ts';
import { summaryRoutes } from './api/summary-routes.ts';
import { NodeRollups } from './rollups/node-rollups.ts';
import { RollupHistory } from './rollups/rollup-history.ts';
import { summaryHistoryRoutes } from './api/summary-history-route.ts';
import { replayRoutes, type ReplayRouteOptions } from './api/replay-route.ts';
import { compareRoutes } from './compare/compare-routes.ts';
import { ComplianceIndex } from './indicators/compliance-index.ts';
import { CommunityFacts } from './sites/community-facts.ts';
import { clientConfigRoutes } from './api/client-config-route.ts';
import { answerClientErrors, answerErrors, isClientError, notFound } from './api/error-answers.ts';
import { unguardedRoutes } from './access/route-coverage.ts';
import { openRecordsDb, type RecordsDb } from './records/records-db.ts';
import { indicatorRoutes } from './indicators/indicator-routes.ts';
import { AssessmentStore } from './indicators/assessment-store.ts';
import { reportRoutes, type ReportRouteOptions } from './reports/report-routes.ts';
import { autoIndicators, type AutoIndicatorOptions } from './indicators/auto/index.ts';
import { twinCatalog, type TwinCatalog } from './twins/twin-routes.ts';
import { startAlertOperations, type AlertOperations, type AlertOperationsOptions } from './alerts/alert-operations.ts';
import type { SiteRecord, SitesFile } from '../streams/sites/site-record.ts';
import { SitesRegistry } from './sites/sites-registry.ts';
import { loadSitesFile } from './sites/sites-file.ts';
import { loadChongqingSites } from './sites/chongqing/chongqing-sites.ts';
import { readTwinFolders, twinSites } from './sites/twin-sites.ts';
import { sitesRoutes } from './sites/sites-routes.ts';
import { mapRoutes } from './sites/map-routes.ts';
import { CityMapLayouts } from './sites/city-map-layout.ts';
import { startAuth, type Auth } from './auth/index.ts';
import { guardRoutes } from './access/guard-routes.ts';
import { socketAccess } from './access/socket-access.ts';
import { securityHeaders } from './access/security-headers.ts';
import { originChecker } from './access/origin-check.ts';
import { DisplayStore } from './displays/display-store.ts';
import { adminDisplayRoutes, displayRoutes } from './displays/display-routes.ts';
import { TourCatalog } from './tours/tour-catalog.ts';
import { StagedIncidents } from './tours/staged-incidents.ts';
import { tourRoutes } from './tours/tour-routes.ts';
import { startNotifications, type Notifications, type NotifierOptions } from './notify/index.ts';
import { PlanService, type PlanServiceOptions } from './plans/plan-service.ts';
import { defaultTemplates } from './plans/plan-schema.ts';
import { planRoutes } from './plans/plan-routes.ts';

export interface AppOptions {
  config: ServerConfig;
  /**
   * The sites the registry starts from on its first start (an empty records db); later starts
   * read the registry. Default: SITES_FILE, else the shipped Chongqing tree. Tests pass a small tree.
   */
  sites?: SitesFile | SiteRecord[];
  /** A small tree as hierarchy nodes (tests): the registry's first-start seed, with no codes. */
  hierarchy?: HierarchyNode[];
  /** Use this store instead of the one the config names (tests). */
  store?: TimeSeriesStore;
  live?: LiveHubOptions;
  writer?: StoreWriterOptions;
  /** Alert rules and lifecycle: time targets, check intervals, seeded communities. */
  alerts?: AlertOperationsOptions;
  /** Notifications: grouping window, rate limit, retries, escalation check interval (tests make them short). */
  notify?: NotifierOptions;
  /** Emergency plans: the clock and how often step targets are looked at (tests). */
  plans?: Pick<PlanServiceOptions, 'now' | 'checkMs'>;
  /** Items judged from the product's own data: result cache and alert delivery tracking. */
  auto?: Pick<AutoIndicatorOptions, 'cacheMs' | 'warningDelay'>;
  /** Past windows for incident review: samples per answer (tests make it small). */
  replay?: Pick<ReplayRouteOptions, 'maxSamples'>;
  /** Reports: further sections of the shift report (emergency plans run in the shift). */
  reports?: Pick<ReportRouteOptions, 'shiftSections'>;
}

export interface RunningApp {
  url: string;
  port: number;
  http: HttpServer;
  /** The Express application (its router stack lists every mounted route). */
  express: express.Express;
  io: Server<ClientToServer, ServerToClient>;
  hub: LiveHub;
  /** Every node's live figures, kept as samples are accepted. */
  rollups: NodeRollups;
  /** The roll-up history: each node's figures written to the store once a minute. */
  history: RollupHistory;
  catalog: SeriesCatalog;
  store: TimeSeriesStore;
  writer: StoreWriter;
  /** The records database (assessments, alert lifecycles), beside the time-series store. */
  records: RecordsDb;
  /** Community twins served from TWINS_DIR. */
  twins: TwinCatalog;
  /** Floor area and households per community and neighbourhood (twins at start; the simulator adds its own). */
  facts: CommunityFacts;
  /** The sites registry: the five-level tree as data; `sites.hierarchy()` is the live tree. */
  sites: SitesRegistry;
  /** Sign-in, users, tokens and the audit log. */
  auth: Auth;
  /** Alert rules, lifecycle and their API. */
  alerts: AlertOperations;
  /** Display profiles of wall screens and their screens' last reports. */
  displays: DisplayStore;
  /** Notification channels, routing rules and their deliveries. */
  notify: Notifications;
  /** Emergency plan runs and drills (server/plans). */
  plans: PlanService;
  /** Demo tours (TOURS_DIR) and the incidents they stage, held apart from the real alerts. */
  tours: { catalog: TourCatalog; staged: StagedIncidents };
  /** Lines /write refused, kept with their reason and sender (DATA_DIR/dead-letters). */
  deadLetters: DeadLetters;
  /** The backlog bound of /write (503 with Retry-After past it). */
  backpressure: Backpressure;
  /** Accept samples from inside the process (the simulator) exactly as /write does. */
  ingest: (a: Accepted) => Promise<void>;
  close: () => Promise<void>;
}

export async function startApp(opts: AppOptions): Promise<RunningApp> {
  const { config } = opts;
  const store = opts.store ?? (await makeStore(config));
  const catalog = new SeriesCatalog();
  catalog.load(await openWhenReachable(store));
  await catalog.restoreLatest(store);
  const records = openRecordsDb(join(config.dataDir, 'records.sqlite'));
  const sites = SitesRegistry.open(records, { seed: firstSites(opts) });
  const hierarchy = sites.hierarchy();
  const spool = new DiskSpool(join(config.dataDir, `spool-${store.kind}`), config.spoolMaxBytes);
  const quarantine = new Quarantine(join(config.dataDir, `quarantine-${store.kind}`));
  const writer = new StoreWriter(store, catalog, spool, quarantine, opts.writer);
  const root = [...hierarchy.nodes()].find((n) => n.parent === null)?.id;
  const auth = startAuth({ db: records, dataDir: config.dataDir, config: config.auth, sites: { has: (id) => hierarchy.has(id), rootId: () => root } });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.auth.trustProxy);
  const http = createServer(app);
  answerClientErrors(http);
  const io = new Server<ClientToServer, ServerToClient>(http, {
    serveClient: false,
    // Frames are columnar binary already; compressing them costs CPU on a hot path for little gain.
    perMessageDeflate: false,
    maxHttpBufferSize: 1e6,
    cors: config.corsOrigins.length ? { origin: config.corsOrigins, credentials: true } : undefined,
  });
  const originProblem = originChecker(config.corsOrigins, config.auth.trustProxy !== false);
  const sockets = socketAccess(io, {
    hierarchy,
    originProblem,
    auth: {
      principalFromHandshake: (req) => auth.principalFromHandshake(req.headers),
      stillValid: (p) => p.sessionId === undefined || auth.service.session(p.sessionId) !== undefined,
      passwordChangeDue: (p) => auth.service.passwordChangeDue(p),
    },
  });
  auth.service.on('revoked', (r) => sockets.revoke(r));
  const rollups = new NodeRollups(catalog, hierarchy);
  const history = new RollupHistory({ rollups, hierarchy, catalog, submit: (b) => writer.submit(b) });
  const hub = new LiveHub(io, catalog, hierarchy, store, rollups, { maxHz: config.liveMaxHz, authorize: (s, n) => sockets.authorize(s, n), ...opts.live });
  writer.on('health', (h) => io.emit('health', h));
  io.on('connection', (socket) => socket.emit('health', writer.health));

  const alerts = startAlertOperations({ records, catalog, writer, hub, hierarchy }, opts.alerts);
  const notify = startNotifications({ db: records, alerts: alerts.service, tree: () => sites.hierarchy() }, {
    ...config.notify, ...opts.notify,
  });
  alerts.listen((action, alert) => notify.notifier.alertChanged(action, alert));
  const plans = new PlanService(records, alerts.service, () => sites.hierarchy(), defaultTemplates(), {
    ...opts.plans, onOverdue: (alert, text) => notify.notifier.planOverdue(alert, text),
  });
  alerts.listen((action, alert) => plans.alertChanged(action, alert));
  alerts.attachPlans((ids) => plans.loops(ids));
  const onAccepted = (a: Accepted) => {
    rollups.accept(a.samples);
    hub.publish(a.samples, a.alerts);
    alerts.accept(a);
  };
  const tours = { catalog: new TourCatalog(hierarchy, config.toursDir), staged: new StagedIncidents() };
  for (const p of tours.catalog.problems) console.warn(p);
  // Before any route: headers, CORS for the allow-list, then the deny-by-default guard.
  app.use(securityHeaders(videoOrigins(config)));
  // JSON answers and the client's bundles are text: a wall on a street centre's LAN loads the city
  // in a fraction of the bytes (answers already encoded, like the map's, are left as they are).
  app.use(compression({ threshold: 1024 }));
  app.use(guardRoutes({ auth, hierarchy, corsOrigins: config.corsOrigins, originProblem, alerts, tours, plans }));
  app.use('/api/auth', auth.authRouter);
  app.use('/api/admin/sites', sitesRoutes(sites));
  const displays = new DisplayStore(records);
  const displayOpts = { store: displays, tree: () => sites.hierarchy(), tokens: { get: (id: string) => auth.service.listTokens().find((t) => t.id === id) } };
  app.use('/api/admin/displays', adminDisplayRoutes(displayOpts));
  app.use('/api/displays', displayRoutes(displayOpts));
  const lineIngest = new LineIngest({
    catalog, writer, onAccepted, maxFutureMs: config.maxFutureMs, differences: config.writeDifferences,
  });
  const deadLetters = new DeadLetters(join(config.dataDir, 'dead-letters'), config.deadLetters);
  const backpressure = new Backpressure(writer, { maxBacklogPoints: config.writeBacklogMaxPoints, retryAfterS: config.writeRetryAfterS });
  const replay = new DeadLetterReplay({
    letters: deadLetters, ingest: lineIngest, behind: () => backpressure.check(),
    accessOf: (s) => currentAccess(s, auth.service, sites.hierarchy()),
  });
  app.use('/api/admin/dead-letters', deadLetterRoutes({ letters: deadLetters, replay, retryAfterS: config.writeRetryAfterS }));
  app.use('/api/admin/notify', notify.router);
  app.use('/api/notify/ack', notify.ackRouter);
  app.use('/api/admin', auth.adminRouter);
  app.use(writeRoutes({ ingest: lineIngest, deadLetters, backpressure, maxBodyBytes: config.maxBodyBytes, differences: config.writeDifferences }));
  // Before the alerts' router, so /api/alerts/:id/plan… bodies are the plans' to parse and answer.
  app.use('/api', planRoutes(plans));
  app.use('/api/alerts', alerts.router);
  app.use('/api/tours', tourRoutes(tours));
  app.use('/api', queryRoutes({ catalog, store, writer, hierarchy, epoch: hub.epoch, home: () => homeCommunity(sites, catalog), ingestHealth: ingestHealth(deadLetters, backpressure), twinHealth: () => twins.health() }));
  app.use('/api', summaryRoutes({ hierarchy, rollups }));
  app.use('/api', summaryHistoryRoutes({ hierarchy, catalog, store, history }));
  app.use('/api', replayRoutes({ hierarchy, catalog, store, history, ...opts.replay }));
  app.use('/api', clientConfigRoutes(config));
  const twins = twinCatalog(config.twinsDir);
  app.use(twins.router);
  // Twins enter the tree: each folder's community gets its twin, and the twin's neighbourhoods.
  const found = readTwinFolders(config.twinsDir);
  for (const w of [...found.warnings, ...twinSites(found.twins, sites).warnings]) console.warn(`sites: ${w}`);
  const facts = new CommunityFacts();
  for (const t of found.twins) facts.setCommunity(t.community, t.buildings ?? [], 'twin');
  // Each twin's tilesets are checked from the start, so /api/health counts their problems before a page asks.
  for (const t of found.twins) void twins.get(t.folder ?? t.community);
  const compliance = new ComplianceIndex(records);
  app.use('/api', compareRoutes({ hierarchy, rollups, facts, compliance, alerts: alerts.queries }));
  const mapLayouts = new CityMapLayouts({ sites, twinManifest: async (folder) => (await twins.get(folder))?.manifest });
  app.use('/api', mapRoutes({ hierarchy, layouts: mapLayouts }));
  // `npm run sites -- import` writes from another process: reread when it moved the revision.
  const reread = setInterval(() => {
    try { sites.reloadIfChanged(); } catch (e) { console.error(`sites: rereading the registry failed: ${(e as Error).message}`); }
  }, SITES_REREAD_MS);
  reread.unref();
  const autoItems = autoIndicators({ twins, catalog, hub, ...opts.auto });
  app.use('/api/indicators/auto', autoItems.router);
  app.use('/api/indicators', indicatorRoutes({ records, hierarchy, onChange: (a) => hub.sendAssessment(a) }));
  app.use('/api/reports', reportRoutes({
    hierarchy, catalog, store, history, rawMs: config.retention.rawMs, alerts: alerts.queries, targets: alerts.service.targets, assessments: new AssessmentStore(records),
    planLoops: (ids) => plans.loops(ids),
    auto: async (community) => {
      const twin = await twins.get(community);
      return twin ? autoItems.compute(community, twin) : undefined;
    },
    ...opts.reports,
  }));
  app.use('/api', (_req, res) => { res.status(404).json({ error: 'api: no such endpoint; see docs/api.md' }); });
  if (existsSync(config.clientDir)) {
    app.use(express.static(config.clientDir, { index: 'index.html', maxAge: '1h' }));
    // A wall screen's page: the display's id is in the path, its token in the fragment.
    app.get('/display/:id', (_req, res) => res.sendFile(join(config.clientDir, 'wall.html')));
    app.get('/{*path}', (_req, res) => res.sendFile(join(config.clientDir, 'index.html')));
  }
  app.use(notFound);
  const unguarded = unguardedRoutes(app);
  if (unguarded.length) throw new Error(`access: routes without an entry in the permission table (server/access/route-table.ts): ${unguarded.join(', ')}`);
  // Ingest answers the body errors of its own routes in InfluxDB's words; anything else, and every
  // other route's error, gets the final JSON answer (Express's default one is an HTML stack trace).
  app.use(['/write', '/query'], (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (isClientError(err)) ingestErrors(err, req, res, next);
    else next(err);
  });
  app.use(answerErrors());

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  history.start();
  let closed = false;
  return {
    url: `http://${host}:${port}`, port, http, express: app, io, hub, rollups, history, catalog, store, writer, records, alerts, twins, sites, auth, facts, displays, tours, notify, plans, deadLetters, backpressure,
    ingest: (a) => lineIngest.deliver(a),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(reread);
      history.stop();
      sockets.close();
      notify.close();
      plans.close();
      alerts.close();
      autoItems.close();
      compliance.close();
      hub.close();
      await new Promise<void>((r) => io.close(() => r()));
      await writer.close();
      await store.close();
      auth.close();
      records.close();
    },
  };
}

/** The community pages open on by default: the first with a twin, else the first with data. */
function homeCommunity(sites: SitesRegistry, catalog: SeriesCatalog): string | undefined {
  const hierarchy = sites.hierarchy();
  const twinned = sites.all().find((s) => s.level === 'community' && s.twin && hierarchy.has(s.id));
  if (twinned) return twinned.id;
  for (const d of catalog.find({})) {
    const c = d.tags.community;
    if (c !== undefined && hierarchy.get(c)?.level === 'community') return c;
  }
  return undefined;
}

/** How often the registry looks for changes another process made, ms. */
const SITES_REREAD_MS = 5000;

/** The registry's first-start seed: the caller's, SITES_FILE, or the shipped Chongqing tree. */
function firstSites(opts: AppOptions): SitesFile | SiteRecord[] {
  if (opts.sites) return opts.sites;
  if (opts.hierarchy) return opts.hierarchy.map((n) => ({ ...n, code: null }));
  if (opts.config.sitesFile) return loadSitesFile(opts.config.sitesFile).sites;
  return loadChongqingSites();
}

/** An InfluxDB that is not up yet (started together with this server) is waited for, not fatal. */
async function openWhenReachable(store: TimeSeriesStore): Promise<SeriesDef[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.open();
    } catch (e) {
      if (!(e instanceof StoreUnavailableError)) throw e;
      const waitMs = Math.min(30_000, 1000 * attempt);
      console.warn(`store: ${store.kind} unreachable (${e.message}); retrying in ${waitMs / 1000} s`);
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

async function makeStore(config: ServerConfig): Promise<TimeSeriesStore> {
  if (config.store === 'influxdb') {
    const { InfluxStore } = await import('./store/influx/influx-store.ts');
    return new InfluxStore({ ...config.influx, retention: config.retention });
  }
  return new SqliteStore({ path: join(config.dataDir, 'community-twin.sqlite'), retention: config.retention });
}
