/**
 * Display profiles and what each screen last reported, in the records database. Small and
 * written by people (profiles) or every 30 s per wall (heartbeats), so it reads SQLite directly.
 */
import { migrate, type RecordsDb } from '../records/records-db.ts';
import type { DisplayHeartbeat, DisplayProfile, DisplayStatus } from '../../streams/displays.ts';
import { DISPLAY_MIGRATIONS } from './display-schema.ts';
import type { NewDisplay } from './display-input.ts';

interface ProfileRow {
  id: string; name: string; token_id: string; node: string; layout: string; lang: string; scale: string; views: string;
  hide_cursor_s: number | null; watchdog: string; created_at: number; updated_at: number;
}
interface ScreenRow {
  last_seen_at: number; version: string; width: number; height: number; heap_mb: number | null; reloads: number;
  last_reload_reason: string | null; last_reload_detail: string | null; last_reload_at: number | null;
}

export class DisplayStore {
  private readonly q;

  constructor(db: RecordsDb, private readonly now: () => number = Date.now) {
    migrate(db, 'displays', DISPLAY_MIGRATIONS);
    this.q = {
      all: db.prepare('SELECT * FROM display_profiles ORDER BY name, id'),
      get: db.prepare('SELECT * FROM display_profiles WHERE id = ?'),
      insert: db.prepare(`INSERT INTO display_profiles (id, name, token_id, node, layout, lang, scale, views, hide_cursor_s, watchdog, created_at, updated_at)
        VALUES (@id, @name, @tokenId, @node, @layout, @lang, @scale, @views, @hideCursorS, @watchdog, @createdAt, @updatedAt)`),
      update: db.prepare(`UPDATE display_profiles SET name = @name, token_id = @tokenId, node = @node, layout = @layout, lang = @lang, scale = @scale,
        views = @views, hide_cursor_s = @hideCursorS, watchdog = @watchdog, updated_at = @updatedAt WHERE id = @id`),
      remove: db.prepare('DELETE FROM display_profiles WHERE id = ?'),
      screen: db.prepare('SELECT * FROM display_screens WHERE display_id = ?'),
      beat: db.prepare(`INSERT INTO display_screens (display_id, last_seen_at, version, width, height, heap_mb, reloads, last_reload_reason, last_reload_detail, last_reload_at)
        VALUES (@id, @at, @version, @width, @height, @heapMb, @reloads, @reason, @detail, @reloadAt)
        ON CONFLICT(display_id) DO UPDATE SET last_seen_at = excluded.last_seen_at, version = excluded.version, width = excluded.width,
          height = excluded.height, heap_mb = excluded.heap_mb, reloads = excluded.reloads,
          last_reload_reason = COALESCE(excluded.last_reload_reason, last_reload_reason),
          last_reload_detail = CASE WHEN excluded.last_reload_reason IS NULL THEN last_reload_detail ELSE excluded.last_reload_detail END,
          last_reload_at = COALESCE(excluded.last_reload_at, last_reload_at)`),
    };
  }

  list(): DisplayStatus[] {
    return (this.q.all.all() as ProfileRow[]).map((r) => this.status(fromRow(r)));
  }

  get(id: string): DisplayProfile | undefined {
    const r = this.q.get.get(id) as ProfileRow | undefined;
    return r && fromRow(r);
  }

  /** False when the id is taken. */
  create(p: NewDisplay): DisplayProfile | undefined {
    if (this.get(p.id)) return undefined;
    const at = this.now();
    const profile: DisplayProfile = { ...p, createdAt: at, updatedAt: at };
    this.q.insert.run(toRow(profile));
    return profile;
  }

  update(before: DisplayProfile, p: NewDisplay): DisplayProfile {
    const profile: DisplayProfile = { ...p, createdAt: before.createdAt, updatedAt: this.now() };
    this.q.update.run(toRow(profile));
    return profile;
  }

  remove(id: string): boolean {
    return this.q.remove.run(id).changes > 0;
  }

  /** Records a screen's report; a reason is kept until a later report names another. */
  heartbeat(id: string, h: DisplayHeartbeat): void {
    const at = this.now();
    // A reason is a new reload only when sent just before it; later beats repeat it.
    const fresh = h.reloading === true && h.reloadReason !== null;
    this.q.beat.run({
      id, at, version: h.version, width: h.width, height: h.height, heapMb: h.heapMb, reloads: h.reloads,
      reason: fresh ? h.reloadReason : null, detail: fresh ? (h.reloadDetail ?? null) : null, reloadAt: fresh ? at : null,
    });
  }

  status(profile: DisplayProfile): DisplayStatus {
    const s = this.q.screen.get(profile.id) as ScreenRow | undefined;
    return {
      profile, lastSeenAt: s?.last_seen_at ?? null, version: s?.version ?? null, width: s?.width ?? null, height: s?.height ?? null,
      heapMb: s?.heap_mb ?? null, reloads: s?.reloads ?? 0, lastReloadReason: (s?.last_reload_reason ?? null) as DisplayStatus['lastReloadReason'],
      lastReloadDetail: s?.last_reload_detail ?? null, lastReloadAt: s?.last_reload_at ?? null,
    };
  }
}

function toRow(p: DisplayProfile) {
  return {
    id: p.id, name: p.name, tokenId: p.tokenId, node: p.node, layout: p.layout, lang: p.lang, scale: p.scale, views: JSON.stringify(p.views),
    hideCursorS: p.hideCursorS, watchdog: JSON.stringify(p.watchdog), createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

function fromRow(r: ProfileRow): DisplayProfile {
  return {
    id: r.id, name: r.name, tokenId: r.token_id, node: r.node, layout: r.layout as DisplayProfile['layout'], lang: r.lang as DisplayProfile['lang'],
    scale: r.scale as DisplayProfile['scale'], views: JSON.parse(r.views) as DisplayProfile['views'], hideCursorS: r.hide_cursor_s,
    watchdog: JSON.parse(r.watchdog) as DisplayProfile['watchdog'], createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
