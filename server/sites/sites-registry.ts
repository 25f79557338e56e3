/**
 * The sites registry: the five-level tree as data in the records db, the one source of the live
 * Hierarchy. Administrators edit it through the API, `npm run sites -- import` writes it from
 * another process (the revision tells the server to reread), and in-memory overlays add the places
 * that are not configuration (a twin's neighbourhoods, the simulator's generated ones).
 *
 * Every write checks the whole change first and writes nothing when any problem is found.
 */
import { EventEmitter } from 'node:events';
import { Hierarchy, LEVELS, type HierarchyNode } from '../../streams/hierarchy.ts';
import type { SiteRecord, SitesFile } from '../../streams/sites/site-record.ts';
import { migrate, type Migration, type RecordsDb } from '../records/records-db.ts';
import { SitesError, validateSites, type SiteLookup } from './validate-sites.ts';

/** Who put a place in the registry: the seed file, an administrator, an import, a twin, the simulator. */
export const SITE_SOURCES = ['file', 'admin', 'import', 'twin', 'simulator'] as const;
export type SiteSource = (typeof SITE_SOURCES)[number];
/** Overlays are in memory only; the others are stored. */
export type OverlaySource = 'twin' | 'simulator';

export interface StoredSite extends SiteRecord {
  source: SiteSource;
}

export interface SitesChange {
  /** The registry revision after the change. */
  revision: number;
  ids: string[];
  action: 'seed' | 'create' | 'update' | 'remove' | 'import' | 'overlay' | 'reload';
  actor?: string;
}

/** Why a place may not be removed (series stored there, a twin, users scoped there), or null. */
export type RemovalCheck = (id: string) => string | null | undefined;

export interface ImportOptions {
  /** merge (default): create or update the records; replace-subtree: the records replace everything below `under`. */
  mode?: 'merge' | 'replace-subtree';
  /** Every record must lie within this node; replace-subtree replaces its descendants (default: the city). */
  under?: string;
  /** Line of each record in its file, for the problems. */
  lines?: readonly number[];
  /** Called while writing: records written so far, of all. */
  onProgress?: (done: number, total: number) => void;
  actor?: string;
  /** Where the problems say the records come from. */
  where?: string;
  source?: 'file' | 'admin' | 'import';
  /** Problems found while reading the file (a bad CSV cell): reported with the others, and nothing is written. */
  readProblems?: readonly string[];
  /** Check and count only; nothing is written (the import command's check). */
  dryRun?: boolean;
}

export interface ImportResult {
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  revision: number;
}

export class SiteNotFoundError extends Error {
  readonly status = 404;
}
/** A write based on an older revision than the registry's (409). */
export class StaleRevisionError extends Error {
  readonly status = 409;
  constructor(readonly expected: number, readonly actual: number) {
    super(`sites: the registry changed (revision ${actual}, the change was based on ${expected}); reload and try again`);
  }
}
/** A removal refused: what is still there (409). */
export class RemovalBlockedError extends Error {
  readonly status = 409;
  constructor(readonly id: string, readonly blockers: string[]) {
    super(`sites: "${id}" cannot be removed: ${blockers.join('; ')}`);
  }
}

const MIGRATIONS: Migration[] = [{
  version: 1,
  sql: `
    CREATE TABLE sites (
      id TEXT PRIMARY KEY,
      level TEXT NOT NULL,
      parent TEXT,
      code TEXT,
      name_zh TEXT NOT NULL,
      name_en TEXT NOT NULL,
      boundary TEXT,
      twin TEXT,
      urban INTEGER,
      source TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT
    );
    CREATE INDEX sites_parent ON sites (parent);
    -- Bumped by every write, by whichever process makes it: the server rereads when it moved.
    CREATE TABLE sites_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
    INSERT INTO sites_revision (id, revision) VALUES (1, 0);
  `,
}];

interface Row {
  id: string; level: string; parent: string | null; code: string | null; name_zh: string; name_en: string;
  boundary: string | null; twin: string | null; urban: number | null; source: string;
}

const levelIndex = (s: { level: SiteRecord['level'] }): number => LEVELS.indexOf(s.level);
const byLevel = <T extends { level: SiteRecord['level'] }>(sites: Iterable<T>): T[] => [...sites].sort((a, b) => levelIndex(a) - levelIndex(b));
const nodeOf = (s: SiteRecord): HierarchyNode => ({ id: s.id, level: s.level, name: { zh: s.name.zh, en: s.name.en }, parent: s.parent });

function fromRow(r: Row): StoredSite {
  const site: StoredSite = {
    id: r.id, level: r.level as SiteRecord['level'], parent: r.parent, code: r.code,
    name: { zh: r.name_zh, en: r.name_en }, source: r.source as SiteSource,
  };
  if (r.boundary !== null) site.boundary = JSON.parse(r.boundary) as SiteRecord['boundary'];
  if (r.twin !== null) site.twin = r.twin;
  if (r.urban !== null) site.urban = r.urban === 1;
  return site;
}

/** The record as a file carries it (no source). */
export function plainRecord(s: SiteRecord): SiteRecord {
  const out: SiteRecord = { id: s.id, level: s.level, parent: s.parent, code: s.code, name: { zh: s.name.zh, en: s.name.en } };
  if (s.boundary != null) out.boundary = s.boundary;
  if (s.twin != null) out.twin = s.twin;
  if (s.urban !== undefined) out.urban = s.urban;
  return out;
}

const sameRecord = (a: SiteRecord, b: SiteRecord): boolean => JSON.stringify(plainRecord(a)) === JSON.stringify(plainRecord(b));

export class SitesRegistry extends EventEmitter<{ change: [SitesChange] }> {
  private readonly stored = new Map<string, StoredSite>();
  private readonly overlays = new Map<string, StoredSite>();
  private readonly tree = new Hierarchy([]);
  private rev = 0;
  private removalCheck: RemovalCheck | undefined;
  private readonly stmts;

  private constructor(private readonly db: RecordsDb) {
    super();
    this.stmts = {
      revision: db.prepare('SELECT revision FROM sites_revision WHERE id = 1').pluck(),
      bump: db.prepare('UPDATE sites_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision').pluck(),
      all: db.prepare('SELECT * FROM sites'),
      count: db.prepare('SELECT COUNT(*) FROM sites').pluck(),
      upsert: db.prepare(`
        INSERT INTO sites (id, level, parent, code, name_zh, name_en, boundary, twin, urban, source, updated_at, updated_by)
        VALUES (@id, @level, @parent, @code, @name_zh, @name_en, @boundary, @twin, @urban, @source, @updated_at, @updated_by)
        ON CONFLICT (id) DO UPDATE SET level = excluded.level, parent = excluded.parent, code = excluded.code,
          name_zh = excluded.name_zh, name_en = excluded.name_en, boundary = excluded.boundary, twin = excluded.twin,
          urban = excluded.urban, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
      remove: db.prepare('DELETE FROM sites WHERE id = ?'),
    };
  }

  /**
   * Opens the registry over the records db; `seed` fills the table on first start only (when it is
   * empty), so later edits are never overwritten by the file. A bad seed throws SitesError.
   */
  static open(db: RecordsDb, opts: { seed?: SitesFile | SiteRecord[]; seedWhere?: string; removalCheck?: RemovalCheck } = {}): SitesRegistry {
    migrate(db, 'sites', MIGRATIONS);
    const registry = new SitesRegistry(db);
    registry.removalCheck = opts.removalCheck;
    const seed = Array.isArray(opts.seed) ? opts.seed : opts.seed?.sites;
    db.transaction(() => {
      if (seed && (registry.stmts.count.get() as number) === 0 && seed.length > 0) {
        const { sites, problems } = validateSites(seed);
        if (problems.length > 0) throw new SitesError(problems, opts.seedWhere ?? 'the seed sites');
        const now = Date.now();
        for (const s of sites) registry.writeRow(s, 'file', now, 'system');
        registry.stmts.bump.get();
      }
    }).immediate();
    registry.load();
    return registry;
  }

  /** Sets what may block a removal (series, twins, users scoped there); the integrator injects it. */
  setRemovalCheck(check: RemovalCheck | undefined): void {
    this.removalCheck = check;
  }

  get revision(): number {
    return this.rev;
  }

  /** The live tree, kept in sync with every change (the same object for the registry's life). */
  hierarchy(): Hierarchy {
    return this.tree;
  }

  get(id: string): StoredSite | undefined {
    return this.stored.get(id) ?? this.overlays.get(id);
  }

  /** Whether the place is in the table (not an overlay). */
  isStored(id: string): boolean {
    return this.stored.has(id);
  }

  /** Every place, each parent before its children (depth first from the city). */
  all(): StoredSite[] {
    const root = this.root();
    return root ? this.subtree(root.id) : [];
  }

  children(id: string): StoredSite[] {
    return this.tree.childrenOf(id).map((c) => this.get(c)!);
  }

  /** The place and everything below it, each parent before its children. */
  subtree(id: string): StoredSite[] {
    return this.tree.subtreeIds(id).map((c) => this.get(c)!);
  }

  get size(): number {
    return this.tree.size;
  }

  /** Creates a place (SitesError naming what is wrong with it). */
  create(record: unknown, actor: string, opts: { source?: 'admin' | 'import' } = {}): StoredSite {
    const site = this.write(() => {
      const id = (record as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && this.stored.has(id)) throw new SitesError([`id "${id}" already exists (${this.stored.get(id)!.name.zh}); change it with an update`], 'the new place');
      const { sites, problems } = validateSites([record], { existing: this.lookup() });
      if (problems.length > 0) throw new SitesError(problems, 'the new place');
      const s = sites[0]!;
      this.writeRow(s, opts.source ?? 'admin', Date.now(), actor);
      return s;
    });
    const stored: StoredSite = { ...site, source: opts.source ?? 'admin' };
    this.overlays.delete(site.id);
    this.stored.set(site.id, stored);
    if (this.tree.has(site.id)) this.rebuild();
    else this.tree.add(nodeOf(site));
    this.changed('create', [site.id], actor);
    return stored;
  }

  /**
   * Changes a place's names, code, boundary, twin, urban flag or parent (its id and level stay);
   * a move is checked like a new place. `patch` fields set to null clear them.
   */
  update(id: string, patch: unknown, actor: string, opts: { expectedRevision?: number; source?: SiteSource } = {}): StoredSite {
    const source = opts.source ?? 'admin';
    const next = this.write(() => {
      this.checkRevision(opts.expectedRevision);
      const before = this.storedOrThrow(id);
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new SitesError(['the change must be a JSON object of fields'], `the change of "${id}"`);
      const p = patch as Record<string, unknown>;
      const problems: string[] = [];
      if ('id' in p && p.id !== id) problems.push(`id cannot change (from "${id}"); create a new place and remove this one`);
      if ('level' in p && p.level !== before.level) problems.push(`level cannot change (from ${before.level}); create a new place and remove this one`);
      if (problems.length > 0) throw new SitesError(problems, `the change of "${id}"`);
      const merged: Record<string, unknown> = { ...plainRecord(before), ...p, id, level: before.level };
      for (const k of ['boundary', 'twin']) if (merged[k] === null) delete merged[k];
      const checked = validateSites([merged], { existing: this.lookup() });
      if (checked.problems.length > 0) throw new SitesError(checked.problems, `the change of "${id}"`);
      const s = checked.sites[0]!;
      if (s.parent !== before.parent && s.parent !== null && this.tree.contains(id, s.parent)) {
        throw new SitesError([`parent "${s.parent}" is within "${id}" itself`], `the change of "${id}"`);
      }
      this.writeRow(s, source, Date.now(), actor);
      return s;
    });
    const stored: StoredSite = { ...next, source };
    this.stored.set(id, stored);
    this.tree.update(id, { name: next.name, parent: next.parent });
    this.changed('update', [id], actor);
    return stored;
  }

  /** Removes a leaf place; refuses (RemovalBlockedError naming why) when anything is still there. */
  remove(id: string, actor: string, opts: { expectedRevision?: number } = {}): void {
    this.write(() => {
      this.checkRevision(opts.expectedRevision);
      this.storedOrThrow(id);
      const blockers: string[] = [];
      const kids = this.tree.childrenOf(id);
      if (kids.length > 0) blockers.push(`it has ${kids.length} place${kids.length === 1 ? '' : 's'} below it (${kids.slice(0, 5).map((k) => `"${k}"`).join(', ')}${kids.length > 5 ? ', …' : ''})`);
      const reason = this.removalCheck?.(id);
      if (reason) blockers.push(reason);
      if (blockers.length > 0) throw new RemovalBlockedError(id, blockers);
      this.stmts.remove.run(id);
    });
    this.stored.delete(id);
    this.tree.remove(id);
    this.changed('remove', [id], actor);
  }

  /**
   * Imports records in one transaction: everything is checked first (SitesError listing every
   * problem, nothing written), then written. replace-subtree also removes the places below `under`
   * that the records no longer hold (refused when something is still there, as remove is).
   */
  importRecords(records: readonly unknown[], opts: ImportOptions = {}): ImportResult {
    const mode = opts.mode ?? 'merge';
    const where = opts.where ?? 'the import';
    const source = opts.source ?? 'import';
    const actor = opts.actor ?? 'import';
    const outcome = this.write(() => {
      const under = opts.under ?? (mode === 'replace-subtree' ? this.root()?.id : undefined);
      if (under !== undefined && !this.stored.has(under)) throw new SitesError([`under: no place "${under}" in the registry`], where);
      // replace-subtree: the records are checked against the registry without what they replace.
      const replaced = mode === 'replace-subtree' && under !== undefined ? new Set(this.tree.subtreeIds(under).filter((id) => id !== under && this.stored.has(id))) : new Set<string>();
      const checked = validateSites(records, { existing: this.lookup(replaced), lines: opts.lines, under });
      const sites = checked.sites;
      const problems = [...(opts.readProblems ?? []), ...checked.problems];
      const incoming = new Set(sites.map((s) => s.id));
      const removed = [...replaced].filter((id) => !incoming.has(id));
      if (problems.length === 0 && this.removalCheck) {
        for (const id of removed) {
          const reason = this.removalCheck(id);
          if (reason) problems.push(`"${id}" (${this.stored.get(id)!.name.zh}) would be removed, but ${reason}`);
        }
      }
      if (problems.length > 0) throw new SitesError(problems, where);
      const now = Date.now();
      const total = sites.length + removed.length;
      let done = 0, created = 0, updated = 0, unchanged = 0;
      const written: StoredSite[] = [];
      const step = Math.max(1, Math.floor(total / 100));
      const tick = (): void => { done++; if (!opts.dryRun && (done % step === 0 || done === total)) opts.onProgress?.(done, total); };
      if (!opts.dryRun) opts.onProgress?.(0, total);
      for (const s of sites) {
        const before = this.stored.get(s.id);
        // A field the record leaves out (CSV has no boundaries) keeps its stored value.
        const merged: SiteRecord = before && before.level === s.level ? { ...plainRecord(before), ...definedFields(s) } : s;
        if (before && sameRecord(before, merged)) unchanged++;
        else {
          if (before) updated++; else created++;
          if (opts.dryRun) continue;
          this.writeRow(merged, source, now, actor);
          written.push({ ...merged, source });
        }
        tick();
      }
      const outcome = { written, removed, imported: sites.length, created, updated, unchanged };
      // Nothing to write (a dry run, or the records as stored): the revision stays, so no server rereads.
      if (opts.dryRun || (written.length === 0 && removed.length === 0)) throw new DryRun(outcome);
      for (const id of removed) { this.stmts.remove.run(id); tick(); }
      return outcome;
    });
    if (opts.dryRun) {
      return { imported: outcome.imported, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, removed: outcome.removed.length, revision: this.rev };
    }
    for (const id of outcome.removed) this.stored.delete(id);
    for (const s of outcome.written) { this.stored.set(s.id, s); this.overlays.delete(s.id); }
    if (outcome.written.length > 0 || outcome.removed.length > 0) {
      this.rebuild();
      this.changed('import', [...outcome.written.map((s) => s.id), ...outcome.removed], actor);
    }
    return { imported: outcome.imported, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, removed: outcome.removed.length, revision: this.rev };
  }

  /**
   * Adds places that are not configuration and are not stored (a twin's neighbourhoods, the
   * simulator's generated ones): they appear in hierarchy() and the listings, flagged by source.
   * A record whose id is stored is skipped (the stored place wins); each skip or problem is returned.
   */
  overlay(records: readonly SiteRecord[], source: OverlaySource): { added: string[]; problems: string[] } {
    const skipped = records.filter((r) => this.stored.has(r.id)).map((r) => `"${r.id}" is already stored; the stored place is kept`);
    const fresh = records.filter((r) => !this.stored.has(r.id));
    const lookup = this.lookup();
    // Overlaying again (a twin reloaded) replaces the earlier overlay of the same ids.
    const again = new Set(fresh.map((r) => r.id));
    const { sites, problems } = validateSites(fresh, {
      existing: {
        get: (id) => lookup.get(id) ?? (again.has(id) ? undefined : this.overlays.get(id)),
        children: (id) => lookup.children(id),
        root: () => lookup.root(),
      },
    });
    if (problems.length > 0) return { added: [], problems: [...skipped, ...problems] };
    for (const s of sites) this.overlays.set(s.id, { ...plainRecord(s), source });
    if (sites.length > 0) {
      this.rebuild();
      this.changed('overlay', sites.map((s) => s.id));
    }
    return { added: sites.map((s) => s.id), problems: skipped };
  }

  /** Drops the overlays of a source (or only those ids). */
  removeOverlay(source: OverlaySource, ids?: readonly string[]): void {
    const gone = [...this.overlays.values()].filter((s) => s.source === source && (!ids || ids.includes(s.id))).map((s) => s.id);
    for (const id of gone) this.overlays.delete(id);
    if (gone.length > 0) { this.rebuild(); this.changed('overlay', gone); }
  }

  /**
   * Rereads the table when another process (the import command) moved the revision; the server
   * calls it every few seconds. True when it reloaded.
   */
  reloadIfChanged(): boolean {
    if ((this.stmts.revision.get() as number) === this.rev) return false;
    this.changed('reload', this.reload());
    return true;
  }

  /** Rereads the table; the ids whose records differ from what was in memory. */
  private reload(): string[] {
    const before = new Map(this.stored);
    this.load();
    const ids = [...this.stored.keys()].filter((id) => !before.has(id) || !sameRecord(before.get(id)!, this.stored.get(id)!));
    for (const id of before.keys()) if (!this.stored.has(id)) ids.push(id);
    return ids;
  }

  private load(): void {
    this.stored.clear();
    for (const r of this.stmts.all.all() as Row[]) this.stored.set(r.id, fromRow(r));
    this.rev = this.stmts.revision.get() as number;
    this.rebuild();
  }

  /** Builds the tree in place from the stored places and the overlays whose parent is there. */
  private rebuild(): void {
    const nodes = byLevel(this.stored.values()).map(nodeOf);
    const ids = new Set(nodes.map((n) => n.id));
    for (const o of byLevel(this.overlays.values())) {
      if (this.stored.has(o.id)) { this.overlays.delete(o.id); continue; }
      if (o.parent !== null && !ids.has(o.parent)) { this.overlays.delete(o.id); console.warn(`sites: ${o.source} place "${o.id}" dropped: its parent "${o.parent}" is no longer in the registry`); continue; }
      nodes.push(nodeOf(o));
      ids.add(o.id);
    }
    this.tree.replaceAll(nodes);
  }

  /** Runs a write holding the database's write lock, on the current revision, then bumps it. */
  private write<T>(fn: () => T): T {
    let reloaded: { ids: string[]; revision: number } | undefined;
    try {
      return this.db.transaction(() => {
        // Another process wrote since: check and write against the rows as they are now.
        if ((this.stmts.revision.get() as number) !== this.rev) reloaded = { ids: this.reload(), revision: this.rev };
        const out = fn();
        this.rev = this.stmts.bump.get() as number;
        return out;
      }).immediate();
    } catch (e) {
      // The bump was rolled back with the rest.
      this.rev = this.stmts.revision.get() as number;
      if (e instanceof DryRun) return e.outcome as T;
      throw e;
    } finally {
      if (reloaded) this.emit('change', { revision: reloaded.revision, ids: reloaded.ids, action: 'reload' });
    }
  }

  private checkRevision(expected: number | undefined): void {
    if (expected !== undefined && expected !== this.rev) throw new StaleRevisionError(expected, this.rev);
  }

  private storedOrThrow(id: string): StoredSite {
    const s = this.stored.get(id);
    if (s) return s;
    const o = this.overlays.get(id);
    if (o) throw new SitesError([`"${id}" is added by ${o.source === 'twin' ? `the twin of its community` : 'the simulator'} and not stored; it cannot be edited here`], `"${id}"`);
    throw new SiteNotFoundError(`sites: no place "${id}"`);
  }

  private root(): StoredSite | undefined {
    const city = this.tree.nodes().next();
    return city.done ? undefined : this.get(city.value.id);
  }

  /** The stored places as the validator sees them, optionally without some. */
  private lookup(without: ReadonlySet<string> = new Set()): SiteLookup {
    return {
      get: (id) => (without.has(id) ? undefined : this.stored.get(id)),
      children: (id) => this.tree.childrenOf(id).filter((c) => !without.has(c)).map((c) => this.stored.get(c)).filter((s): s is StoredSite => s !== undefined),
      root: () => { const r = this.root(); return r && this.stored.has(r.id) ? r : undefined; },
    };
  }

  private writeRow(s: SiteRecord, source: SiteSource, now: number, actor: string): void {
    this.stmts.upsert.run({
      id: s.id, level: s.level, parent: s.parent, code: s.code, name_zh: s.name.zh, name_en: s.name.en,
      boundary: s.boundary ? JSON.stringify(s.boundary) : null, twin: s.twin ?? null,
      urban: s.urban === undefined ? null : s.urban ? 1 : 0, source, updated_at: now, updated_by: actor,
    });
  }

  private changed(action: SitesChange['action'], ids: string[], actor?: string): void {
    this.emit('change', { revision: this.rev, ids, action, ...(actor ? { actor } : {}) });
  }
}

/** Ends a write's transaction without a change (rolled back, revision kept) with what it would have done. */
class DryRun extends Error {
  constructor(readonly outcome: unknown) {
    super('dry run');
  }
}

function definedFields(s: SiteRecord): Partial<SiteRecord> {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Partial<SiteRecord>;
}
