/**
 * Notifications (issue 17): channels per node, routing by role and jurisdiction, escalation along
 * the tree on the acknowledgement targets, grouping and rate limits. `startNotifications` wires
 * them to the alert lifecycle; see docs/notifications.md.
 */
import type express from 'express';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { RecordsDb } from '../records/records-db.ts';
import { ChannelStore } from './channel-store.ts';
import { Notifier, type AlertLedger, type NotifierOptions } from './notifier.ts';
import { notifyRoutes } from './notify-routes.ts';
import { AckLinks, ackRoutes, ackUrl, type AckLedger } from './ack-links.ts';

export type { NotifierOptions } from './notifier.ts';

export interface Notifications {
  store: ChannelStore;
  notifier: Notifier;
  router: express.Router;
  /** The pages of the acknowledgement links in messages (mounted at /api/notify/ack). */
  ackRouter: express.Router;
  close(): void;
}

export function startNotifications(deps: { db: RecordsDb; alerts: AlertLedger & AckLedger; tree: () => Hierarchy }, opts: NotifierOptions = {}): Notifications {
  const store = new ChannelStore(deps.db, opts.now);
  const links = new AckLinks(deps.db, opts.now);
  // Links need an address the recipient's phone can open: the console's.
  const consoleUrl = opts.consoleUrl;
  const ackLink = consoleUrl ? (alertId: number, channelId: string) => ackUrl(consoleUrl, links.token(alertId, channelId)) : undefined;
  const notifier = new Notifier({ db: deps.db, store, alerts: deps.alerts, tree: deps.tree }, { ackLink, ...opts });
  return {
    store, notifier, router: notifyRoutes({ store, notifier, tree: deps.tree }),
    ackRouter: ackRoutes({ links, alerts: deps.alerts, channels: store, tree: deps.tree, consoleUrl }),
    close: () => notifier.close(),
  };
}
