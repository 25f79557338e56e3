/**
 * Every setting of the server, from environment variables, with defaults that run with no setup.
 * The README's configuration table lists the same variables.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_RETENTION, type RetentionConfig } from './store/types.ts';
import { authConfigFromEnv, type AuthConfig } from './auth/auth-config.ts';
import { SHIPPED_TOURS_DIR } from './tours/tour-catalog.ts';
import { START_PLACEHOLDERS, templateOrigin, unknownPlaceholders, VIDEO_PLACEHOLDERS, type VideoTemplates } from '../streams/video-templates.ts';

export interface ServerConfig {
  /** HTTP and Socket.IO port (PORT, default 8080; 0 picks a free port). */
  port: number;
  /** Interface to listen on (HOST, default 0.0.0.0). */
  host: string;
  /** 'sqlite' (embedded, default) or 'influxdb' (STORE). */
  store: 'sqlite' | 'influxdb';
  /** Where the embedded database and the outage spool live (DATA_DIR, default ./data). */
  dataDir: string;
  influx: { url: string; database: string; username?: string; password?: string };
  retention: RetentionConfig;
  /** Largest /write body, bytes (MAX_BODY_BYTES, default 25 MiB). */
  maxBodyBytes: number;
  /** Timestamps further ahead than this are refused, s (MAX_FUTURE_S, default 600; `off`: none, as InfluxDB). */
  maxFutureMs: number;
  /** Where POST /write differs from InfluxDB 1.x on purpose, each settable (docs/api.md, "Where /write differs from InfluxDB"). */
  writeDifferences: WriteDifferences;
  /** Largest outage spool on disk, bytes (SPOOL_MAX_BYTES, default 256 MiB). */
  spoolMaxBytes: number;
  /**
   * Backpressure of /write: past this many points accepted and not yet in the store or the spool,
   * a body is answered 503 with Retry-After and not kept (WRITE_BACKLOG_MAX_POINTS, default 1,000,000).
   */
  writeBacklogMaxPoints: number;
  /** The Retry-After of those 503s, s (WRITE_RETRY_AFTER_S, default 2). */
  writeRetryAfterS: number;
  /** Refused lines kept in DATA_DIR/dead-letters (DEAD_LETTER_MAX_RECORDS, default 10,000; DEAD_LETTER_MAX_BYTES, default 16 MiB). */
  deadLetters: { maxRecords: number; maxBytes: number };
  /** Most telemetry frames per room per second (LIVE_MAX_HZ, default 5). */
  liveMaxHz: number;
  simulator: {
    /** SIMULATOR=off disables the built-in simulated community. */
    enabled: boolean;
    /** SIM_SEED, default 20240701. */
    seed: number;
    /** SIM_ACCELERATION: simulated seconds per real second, 1 to 3600 (default 1). */
    acceleration: number;
    /** SIM_COMMUNITIES: N real urban 社区 of the sites tree, the demo community first (default 1: the demo alone). */
    communities: number;
    /** SIM_BACKFILL_HOURS: history simulated at start so charts are not empty (default 24). */
    backfillHours: number;
  };
  /** Built client to serve (CLIENT_DIR, default dist/client). */
  clientDir: string;
  /** Community twins, one folder per community with its manifest.json (TWINS_DIR, default DATA_DIR/twins). */
  twinsDir: string;
  /** Demo tours, one `<id>.json` each (TOURS_DIR, default the shipped twin-models/tours). */
  toursDir: string;
  /**
   * Camera links of the alert console: a URL of the customer's video platform in which `{camera}`
   * and `{community}` are replaced (VIDEO_LINK_TEMPLATE, default none: the console says no video
   * platform is connected). Absolute http or https only. Served to browsers by GET /api/client-config.
   */
  videoLinkTemplate: string | null;
  /**
   * The video platform's streams shown in the console and the twin (docs/video.md): live HLS or
   * WHEP (VIDEO_LIVE_TEMPLATE, VIDEO_LIVE_PROTOCOL), snapshot (VIDEO_SNAPSHOT_TEMPLATE), playback from the alert's time
   * (VIDEO_PLAYBACK_TEMPLATE, VIDEO_PLAYBACK_LEAD_S, default 10 s). Each none by default; their
   * hosts enter the Content-Security-Policy.
   */
  video: VideoTemplates;
  /** Sign-in, sessions, lockout, TRUST_PROXY, demo guests (server/auth/auth-config.ts). */
  auth: AuthConfig;
  /**
   * Other sites whose pages may call this server with the user's session (CORS_ORIGINS, comma
   * separated origins like https://wall.example.cn; default none: same origin only).
   */
  corsOrigins: string[];
  /**
   * The sites tree the registry starts from on its first start (SITES_FILE, JSON or CSV; default
   * the shipped Chongqing tree). Later changes go through the admin API or `npm run sites -- import`.
   */
  sitesFile: string | null;
  /** Notifications (docs/notifications.md). */
  notify: {
    /** Grouping window per channel, ms (NOTIFY_GROUP_S, default 10). */
    groupMs: number;
    /** Requests per channel per minute, at most (NOTIFY_MAX_PER_MINUTE, default 10; WeCom robots take 20). */
    maxPerMinute: number;
    /** Attempts per message, the first included (NOTIFY_ATTEMPTS, default 4). */
    attempts: number;
    /** The console's address linked from messages (NOTIFY_CONSOLE_URL, e.g. https://twin.example.cn/console.html; default none). */
    consoleUrl: string | undefined;
  };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const num = (name: string, def: number, min = -Infinity, max = Infinity): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max) {
      throw new Error(`config: ${name}="${raw}" is not a number from ${min} to ${max}`);
    }
    return v;
  };
  const store = (env.STORE ?? 'sqlite').toLowerCase();
  if (store !== 'sqlite' && store !== 'influxdb') throw new Error(`config: STORE="${env.STORE}" is not "sqlite" or "influxdb"`);
  // The InfluxDB store cannot write back the names this check refuses: it must stay on with it.
  if (store === 'influxdb' && (env.NAME_CHECK ?? '').toLowerCase() === 'off') throw new Error('config: NAME_CHECK=off works only with the embedded store (STORE=sqlite)');
  const sim = (env.SIMULATOR ?? 'on').toLowerCase();
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  return {
    port: num('PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    store,
    dataDir,
    influx: {
      url: env.INFLUX_URL ?? 'http://127.0.0.1:8086',
      database: env.INFLUX_DB ?? 'community_twin',
      username: env.INFLUX_USER || undefined,
      password: env.INFLUX_PASSWORD || undefined,
    },
    retention: {
      rawMs: num('RETENTION_RAW_DAYS', DEFAULT_RETENTION.rawMs / 86_400_000, 1) * 86_400_000,
      minuteMs: num('RETENTION_1M_DAYS', DEFAULT_RETENTION.minuteMs / 86_400_000, 1) * 86_400_000,
      hourMs: num('RETENTION_1H_DAYS', DEFAULT_RETENTION.hourMs / 86_400_000, 1) * 86_400_000,
    },
    maxBodyBytes: num('MAX_BODY_BYTES', 25 * 1024 * 1024, 1024),
    maxFutureMs: env.MAX_FUTURE_S === 'off' ? Infinity : num('MAX_FUTURE_S', 600, 0) * 1000,
    writeDifferences: {
      maxLineLength: num('MAX_LINE_CHARS', 65_536, 0),
      placementTags: choice('PLACEMENT_TAGS', env.PLACEMENT_TAGS, ['required', 'optional']) === 'required',
      influxNames: choice('NAME_CHECK', env.NAME_CHECK, ['influxdb', 'off']) === 'influxdb',
      strictPrecision: choice('WRITE_PRECISION', env.WRITE_PRECISION, ['influxdb', 'strict']) === 'strict',
      refuseSubMs: choice('SUB_MS_TIMES', env.SUB_MS_TIMES, ['truncate', 'refuse']) === 'refuse',
    },
    spoolMaxBytes: num('SPOOL_MAX_BYTES', 256 * 1024 * 1024, 1024),
    writeBacklogMaxPoints: num('WRITE_BACKLOG_MAX_POINTS', 1_000_000, 1),
    writeRetryAfterS: Math.round(num('WRITE_RETRY_AFTER_S', 2, 1, 3600)),
    deadLetters: {
      maxRecords: Math.round(num('DEAD_LETTER_MAX_RECORDS', 10_000, 1)),
      // At least two longest lines (64 Ki characters each), so a long refused line is kept whole.
      maxBytes: num('DEAD_LETTER_MAX_BYTES', 16 * 1024 * 1024, 256 * 1024),
    },
    liveMaxHz: num('LIVE_MAX_HZ', 5, 0.1, 60),
    simulator: {
      enabled: !['off', '0', 'false', 'no'].includes(sim),
      seed: num('SIM_SEED', 20240701),
      acceleration: num('SIM_ACCELERATION', 1, 1, 3600),
      communities: num('SIM_COMMUNITIES', 1, 1, 10_000),
      backfillHours: num('SIM_BACKFILL_HOURS', 24, 0, 24 * 31),
    },
    clientDir: resolve(env.CLIENT_DIR ?? 'dist/client'),
    twinsDir: resolve(env.TWINS_DIR ?? join(dataDir, 'twins')),
    toursDir: env.TOURS_DIR ? resolve(env.TOURS_DIR) : SHIPPED_TOURS_DIR,
    videoLinkTemplate: linkTemplate('VIDEO_LINK_TEMPLATE', env.VIDEO_LINK_TEMPLATE),
    video: {
      live: videoTemplate('VIDEO_LIVE_TEMPLATE', env.VIDEO_LIVE_TEMPLATE, false),
      liveProtocol: choice('VIDEO_LIVE_PROTOCOL', env.VIDEO_LIVE_PROTOCOL, ['hls', 'whep']) as 'hls' | 'whep',
      snapshot: videoTemplate('VIDEO_SNAPSHOT_TEMPLATE', env.VIDEO_SNAPSHOT_TEMPLATE, false),
      playback: videoTemplate('VIDEO_PLAYBACK_TEMPLATE', env.VIDEO_PLAYBACK_TEMPLATE, true),
      playbackLeadS: num('VIDEO_PLAYBACK_LEAD_S', 10, 0, 3600),
    },
    auth: authConfigFromEnv(env),
    corsOrigins: origins('CORS_ORIGINS', env.CORS_ORIGINS),
    sitesFile: env.SITES_FILE ? resolve(env.SITES_FILE) : null,
    notify: {
      groupMs: num('NOTIFY_GROUP_S', 10, 0, 3600) * 1000,
      maxPerMinute: num('NOTIFY_MAX_PER_MINUTE', 10, 1, 1000),
      attempts: num('NOTIFY_ATTEMPTS', 4, 1, 20),
      consoleUrl: env.NOTIFY_CONSOLE_URL?.trim() || undefined,
    },
  };
}

/**
 * The settings for where POST /write differs from InfluxDB 1.x (each a row of the table in
 * docs/api.md); defaults are the product's, the other choice reads as InfluxDB does.
 */
export interface WriteDifferences {
  /** Longest line, characters (MAX_LINE_CHARS, default 65,536; 0: no limit, as InfluxDB). */
  maxLineLength: number;
  /** Family measurements need `community` and `neighbourhood` (PLACEMENT_TAGS=required, default; `optional` as InfluxDB). */
  placementTags: boolean;
  /**
   * Refuse names the InfluxDB store could not write back exactly or query (NAME_CHECK=influxdb,
   * default; `off` stores them as influxd reads them; only with the embedded store).
   */
  influxNames: boolean;
  /** Refuse `precision` spellings InfluxDB silently reads as nanoseconds, like `us` (WRITE_PRECISION=strict; default `influxdb`). */
  strictPrecision: boolean;
  /** Stores keep milliseconds: finer digits are cut (SUB_MS_TIMES=truncate, default) or the line refused (`refuse`). */
  refuseSubMs: boolean;
}

/** One of a few words (the first is the default). */
function choice(name: string, raw: string | undefined, allowed: string[]): string {
  if (raw === undefined || raw === '') return allowed[0];
  const v = raw.toLowerCase();
  if (!allowed.includes(v)) throw new Error(`config: ${name}="${raw.slice(0, 40)}" is not one of ${allowed.join(', ')}`);
  return v;
}

/** A comma-separated list of origins (scheme://host[:port], nothing after). */
function origins(name: string, raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const o of list) {
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o.replace(/\/$/, '');
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`config: ${name}: "${o.slice(0, 100)}" is not an origin like https://wall.example.cn (scheme, host and port only)`);
  }
  return list.map((o) => o.replace(/\/$/, ''));
}

/**
 * A link template must be an absolute http(s) URL once its `{placeholders}` are filled, with the
 * placeholders in its path or query: an id must never choose the host. Empty means none.
 */
function linkTemplate(name: string, raw: string | undefined): string | null {
  const template = raw?.trim();
  if (!template) return null;
  const origin = (fill: string): string | undefined => {
    try {
      const url = new URL(template.replace(/\{[a-z_]+\}/g, fill));
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
    } catch {
      return undefined;
    }
  };
  const shown = `config: ${name}="${template.slice(0, 200)}"`;
  const a = origin('a');
  if (a === undefined) throw new Error(`${shown} is not an absolute http or https URL (like https://video.example/live?cam={camera})`);
  if (origin('b') !== a) throw new Error(`${shown} has a placeholder in its host; put {camera} and {community} in the path or query`);
  return template;
}

/**
 * A stream template: a link template whose placeholders are all known (VIDEO_PLACEHOLDERS), the
 * playback start ones only where there is a start (the playback template).
 */
function videoTemplate(name: string, raw: string | undefined, hasStart: boolean): string | null {
  const template = linkTemplate(name, raw);
  if (!template) return null;
  const shown = `config: ${name}="${template.slice(0, 200)}"`;
  const unknown = unknownPlaceholders(template);
  if (unknown.length) throw new Error(`${shown} has unknown placeholders {${unknown.join('}, {')}}; known: {${Object.keys(VIDEO_PLACEHOLDERS).join('}, {')}}`);
  const start = START_PLACEHOLDERS.filter((p) => template.includes(`{${p}}`));
  if (!hasStart && start.length) throw new Error(`${shown} has {${start[0]}}, which only VIDEO_PLAYBACK_TEMPLATE is given`);
  return template;
}

/** The origins the browser may fetch video, snapshots and streams from: those of the configured templates. */
export function videoOrigins(config: Pick<ServerConfig, 'video'>): string[] {
  const { live, snapshot, playback } = config.video;
  return [...new Set([live, snapshot, playback].map(templateOrigin).filter((o): o is string => o !== null))];
}
