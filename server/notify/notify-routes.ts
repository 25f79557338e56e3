/**
 * The notification routes under `/api/admin/notify` (administrators): channels per node with
 * "send a test", and the routing rules. Every channel in an answer is masked (secret-mask.ts).
 * Documented in docs/api.md and docs/notifications.md.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { NotifyChannel } from '../../streams/notify.ts';
import { bodyErrors } from '../api/body-errors.ts';
import { changedChannel, newChannel } from './channel-input.ts';
import type { ChannelStore } from './channel-store.ts';
import { NotifyError } from './notify-error.ts';
import type { Notifier } from './notifier.ts';
import { parseRules } from './rule-input.ts';
import { rulesInForce } from './routing.ts';
import { maskedChannel } from './secret-mask.ts';

export interface NotifyRoutesOptions {
  store: ChannelStore;
  notifier: Notifier;
  /** The live tree (the registry may replace it). */
  tree: () => Hierarchy;
}

type Handler = (req: Request, res: Response) => unknown;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
  Promise.resolve().then(() => fn(req, res)).catch((e: unknown) => {
    if (e instanceof NotifyError) res.status(e.status).json({ error: e.message });
    else next(e);
  });
};

export function notifyRoutes({ store, notifier, tree }: NotifyRoutesOptions): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '64kb' }));
  const existing = (req: Request): NotifyChannel => {
    const c = store.get(String(req.params.id));
    if (!c) throw new NotifyError(404, `no channel ${JSON.stringify(String(req.params.id).slice(0, 64))}; see GET /api/admin/notify/channels`);
    return c;
  };

  r.get('/channels', handle((req, res) => {
    const node = req.query.node;
    if (node !== undefined && (typeof node !== 'string' || !tree().has(node))) throw new NotifyError(400, `node ${JSON.stringify(String(node).slice(0, 40))} is not in the sites tree`);
    const waiting = notifier.waiting();
    res.json({ channels: store.list(node as string | undefined).map((c) => ({ ...maskedChannel(c), waiting: waiting[c.id] ?? 0 })) });
  }));
  r.post('/channels', handle((req, res) => {
    const made = store.create(newChannel(req.body, tree()));
    if (!made) throw new NotifyError(409, `a channel with id ${JSON.stringify(String(req.body.id))} exists; choose another id or PATCH it`);
    res.status(201).json({ channel: maskedChannel(made) });
  }));
  r.patch('/channels/:id', handle((req, res) => {
    const before = existing(req);
    const after = store.update(before, changedChannel(before, req.body, tree()));
    notifier.channelChanged(after.id);
    res.json({ channel: maskedChannel(after) });
  }));
  r.delete('/channels/:id', handle((req, res) => {
    existing(req);
    store.remove(String(req.params.id));
    notifier.channelChanged(String(req.params.id));
    res.status(204).end();
  }));
  r.post('/channels/:id/test', handle(async (req, res) => {
    res.json({ result: await notifier.sendTest(existing(req)) });
  }));

  r.get('/rules', handle((_req, res) => {
    const rules = store.routingRules();
    res.json({ rules, inForce: rulesInForce(rules, tree()), isDefault: rules.length === 0 });
  }));
  r.put('/rules', handle((req, res) => {
    store.replaceRules(parseRules(req.body, tree()));
    const rules = store.routingRules();
    res.json({ rules, inForce: rulesInForce(rules, tree()), isDefault: rules.length === 0 });
  }));
  r.use(bodyErrors('notify'));
  return r;
}
