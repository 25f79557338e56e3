/**
 * Notification channels and routing rules in the records database. Small and written by people,
 * so it reads SQLite directly. Channels are held with their secrets; answers go through
 * `maskedChannel` (secret-mask.ts).
 */
import { migrate, type RecordsDb } from '../records/records-db.ts';
import type { ChannelSettings, NotifyChannel, RoutingRule } from '../../streams/notify.ts';
import { NOTIFY_MIGRATIONS } from './notify-schema.ts';
import type { NewChannel } from './channel-input.ts';

interface ChannelRow { id: string; name: string; node: string; role: string; enabled: number; settings: string; created_at: number; updated_at: number }

export class ChannelStore {
  private readonly q;
  /** Rules are read on every alert raised: kept in memory, written through. */
  private rules: RoutingRule[];

  constructor(private readonly db: RecordsDb, private readonly now: () => number = Date.now) {
    migrate(db, 'notify', NOTIFY_MIGRATIONS);
    this.q = {
      all: db.prepare('SELECT * FROM notify_channels ORDER BY node, name, id'),
      byNode: db.prepare('SELECT * FROM notify_channels WHERE node = ? ORDER BY name, id'),
      get: db.prepare('SELECT * FROM notify_channels WHERE id = ?'),
      insert: db.prepare(`INSERT INTO notify_channels (id, name, node, role, enabled, settings, created_at, updated_at)
        VALUES (@id, @name, @node, @role, @enabled, @settings, @createdAt, @updatedAt)`),
      update: db.prepare(`UPDATE notify_channels SET name = @name, node = @node, role = @role, enabled = @enabled, settings = @settings,
        updated_at = @updatedAt WHERE id = @id`),
      remove: db.prepare('DELETE FROM notify_channels WHERE id = ?'),
      rules: db.prepare('SELECT rule FROM notify_rules ORDER BY position'),
      clearRules: db.prepare('DELETE FROM notify_rules'),
      addRule: db.prepare('INSERT INTO notify_rules (position, rule) VALUES (?, ?)'),
    };
    this.rules = (this.q.rules.all() as { rule: string }[]).map((r) => JSON.parse(r.rule) as RoutingRule);
  }

  list(node?: string): NotifyChannel[] {
    return ((node === undefined ? this.q.all.all() : this.q.byNode.all(node)) as ChannelRow[]).map(fromRow);
  }

  get(id: string): NotifyChannel | undefined {
    const r = this.q.get.get(id) as ChannelRow | undefined;
    return r && fromRow(r);
  }

  /** Undefined when the id is taken. */
  create(c: NewChannel): NotifyChannel | undefined {
    if (this.get(c.id)) return undefined;
    const at = this.now();
    const channel: NotifyChannel = { ...c, createdAt: at, updatedAt: at };
    this.q.insert.run(toRow(channel));
    return channel;
  }

  update(before: NotifyChannel, c: NewChannel): NotifyChannel {
    const channel: NotifyChannel = { ...c, createdAt: before.createdAt, updatedAt: this.now() };
    this.q.update.run(toRow(channel));
    return channel;
  }

  remove(id: string): boolean {
    return this.q.remove.run(id).changes > 0;
  }

  routingRules(): readonly RoutingRule[] {
    return this.rules;
  }

  replaceRules(rules: RoutingRule[]): void {
    this.db.transaction(() => {
      this.q.clearRules.run();
      rules.forEach((r, i) => this.q.addRule.run(i, JSON.stringify(r)));
    })();
    this.rules = rules;
  }
}

function toRow(c: NotifyChannel) {
  return { id: c.id, name: c.name, node: c.node, role: c.role, enabled: c.enabled ? 1 : 0, settings: JSON.stringify(c.settings), createdAt: c.createdAt, updatedAt: c.updatedAt };
}

function fromRow(r: ChannelRow): NotifyChannel {
  return {
    id: r.id, name: r.name, node: r.node, role: r.role as NotifyChannel['role'], enabled: r.enabled === 1,
    settings: JSON.parse(r.settings) as ChannelSettings, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
