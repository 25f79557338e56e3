/**
 * The console's live link: the one live client (client/live/live-client.ts) on the `alert` room of
 * one node (no telemetry), and the records kept current by alert-sync.ts through the store's
 * filter, as the cockpit keeps its own: every `alertUpdate` applied as it comes, the list read
 * again after each (re)subscription, gap or server restart, and when an `alert` frame's record has
 * not arrived within `raiseWaitMs`. `alert` frames are acknowledged with `alertSeen` (item 32.6).
 */
import type { LiveSocket } from '../../live/live-client.ts';
import { LiveClient } from '../../live/live-client.ts';
import { AlertSync } from '../../live/alert-sync.ts';
import type { ConsoleStore } from './console-store.ts';
import { listAlerts } from './alerts-api.ts';

export interface ConsoleLiveOptions {
  store: ConsoleStore;
  node: string;
  /** Server URL; default the page's origin. */
  url?: string;
  /** How long an `alert` frame may wait for its record before the list is read again, ms. Default 3000. */
  raiseWaitMs?: number;
  /** Make the socket (tests). */
  connect?: (url: string | undefined) => LiveSocket;
}

export class ConsoleLive {
  readonly client: LiveClient;
  readonly sync: AlertSync;

  constructor(opts: ConsoleLiveOptions) {
    const { store, node } = opts;
    const sync = (this.sync = new AlertSync({
      node, target: store, raiseWaitMs: opts.raiseWaitMs,
      load: (signal) => listAlerts(store.state.filter, node, signal, opts.url ?? ''),
    }));
    this.client = new LiveClient({
      url: opts.url, connect: opts.connect,
      handlers: {
        alert: (f) => sync.alertFrame(f),
        alertUpdate: (f) => sync.alertUpdate(f),
        subscribed: (_node, rooms) => sync.subscribed(rooms),
        connection: (phase, detail) => store.setPhase(phase === 'connected' ? 'live' : phase, detail ?? ''),
      },
    });
    void this.client.subscribe(node, ['alert']);
  }

  /** Read the list again now (a new filter). */
  reload(): void {
    this.sync.reload();
  }

  dispose(): void {
    this.sync.dispose();
    this.client.dispose();
  }
}
