/**
 * Notifications assembled: every alert change from the lifecycle goes through routing to the
 * channels' outboxes; a timer walks the unacknowledged alerts up the escalation ladder; every
 * delivery attempt lands on the history of the alerts it carried.
 *
 *   raise / reopen ─► recipients (rules × channels) ─► step 0 ─► outbox per channel ─► sender
 *   timer: unacknowledged past k × ack target ─► step k ──┘          │
 *   ack / resolve / close (any screen) ─► escalation stops           └► history: notify entries
 */
import type { AlertAction, AlertRecord, ResponseTargets } from '../../streams/alert-lifecycle.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { DeliveryDetail, NotifyChannel } from '../../streams/notify.ts';
import type { RecordsDb } from '../records/records-db.ts';
import { ChannelOutbox, type Attempt, type OutboxOptions } from './channel-outbox.ts';
import type { ChannelStore } from './channel-store.ts';
import { EscalationSteps } from './escalation-steps.ts';
import { buildMessage, testMessage } from './message-text.ts';
import { recipients, rulesInForce } from './routing.ts';
import { redact } from './secret-mask.ts';
import type { MessageAlert, SendResult } from './senders/outgoing.ts';
import { sendMessage } from './senders/send-message.ts';

export interface NotifierOptions extends Partial<OutboxOptions> {
  /** How often unacknowledged alerts are looked at for their next step, ms. Default 5000; 0: no timer (call `checkEscalations`). */
  checkMs?: number;
  /** Per request, ms. Default 10,000. */
  timeoutMs?: number;
  /** The console's address, linked from messages (PUBLIC_URL + /console.html). Default none. */
  consoleUrl?: string;
  /** The signed link that acknowledges an alert from a message on a channel (ack-links.ts); none without a console address. */
  ackLink?: (alertId: number, channelId: string) => string | undefined;
  now?: () => number;
}

/** What the notifier needs of the alert lifecycle. */
export interface AlertLedger {
  readonly targets: ResponseTargets;
  get(id: number): AlertRecord | undefined;
  recordDelivery(id: number, detail: string): unknown;
}

export interface TestResult { ok: boolean; status: number | null; answer: string }

/** The highest step of the ladder (the city, at three times the target). */
const MAX_STEP = 3;

export class Notifier {
  private readonly outboxes = new Map<string, ChannelOutbox>();
  private readonly steps: EscalationSteps;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly outboxOpts: OutboxOptions;
  private readonly timeoutMs: number;

  constructor(
    private readonly deps: { db: RecordsDb; store: ChannelStore; alerts: AlertLedger; tree: () => Hierarchy },
    private readonly opts: NotifierOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.steps = new EscalationSteps(deps.db);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.outboxOpts = {
      groupMs: opts.groupMs ?? 10_000, maxPerMinute: opts.maxPerMinute ?? 10, maxPending: opts.maxPending ?? 1000,
      attempts: opts.attempts ?? 4, retryBaseMs: opts.retryBaseMs ?? 2000,
    };
    const every = opts.checkMs ?? 5000;
    if (every > 0) {
      this.timer = setInterval(() => this.guard('escalation check', () => this.checkEscalations()), every);
      this.timer.unref();
    }
  }

  /** Every committed change of an alert (AlertService's onChange). Never throws into the lifecycle. */
  alertChanged(action: AlertAction, alert: AlertRecord): void {
    this.guard(`alert ${alert.id} ${action}`, () => {
      // Nobody is paged for a staged incident or a drill.
      if (alert.demo || alert.drill) return;
      if (action === 'raise' || action === 'reopen') this.start(alert);
      else if (alert.state !== 'raised') this.steps.delete(alert.id);
    });
  }

  /**
   * A step of the alert's emergency plan missed its target: the alert's first recipients (those
   * told at raise) are told again, with `note` saying which step. Never throws into the plans.
   */
  planOverdue(alert: AlertRecord, note: string): void {
    this.guard(`plan overdue on alert ${alert.id}`, () => {
      if (alert.demo || alert.drill) return;
      for (const r of this.plan(alert)) if (r.step === 0) this.outbox(r.channel).enqueue({ ...toMessageAlert(alert, 0), note });
    });
  }

  /** Tells the next steps of every unacknowledged alert whose target has passed again; the timer calls it. */
  checkEscalations(now = this.now()): void {
    for (const [id, reached] of this.steps.entries()) {
      const alert = this.deps.alerts.get(id);
      if (!alert || alert.state !== 'raised') { this.steps.delete(id); continue; }
      const ack = this.deps.alerts.targets[alert.severity].ackSeconds;
      const due = Math.min(MAX_STEP, Math.floor((now - alert.clockFrom) / 1000 / ack));
      if (due <= reached) continue;
      const plan = this.plan(alert);
      for (const r of plan) if (r.step > reached && r.step <= due) this.outbox(r.channel).enqueue(toMessageAlert(alert, r.step));
      if (plan.every((r) => r.step <= due)) this.steps.delete(id);
      else this.steps.set(id, due, alert.clockFrom);
    }
  }

  /** "Send a test": one attempt now, outside the queues, answered with what the channel said (secrets cut out). */
  async sendTest(channel: NotifyChannel): Promise<TestResult> {
    const node = this.deps.tree().get(channel.node);
    const r = await sendMessage(channel.settings, testMessage(channel.name, node ? `${node.name.zh} (${node.id})` : channel.node, this.now()), this.sendOptions());
    return { ok: r.ok, status: r.status, answer: redact(r.answer, channel.settings) };
  }

  /** A channel was changed or removed: its queue starts again with the new settings (what waited is dropped). */
  channelChanged(id: string): void {
    this.outboxes.get(id)?.dispose();
    this.outboxes.delete(id);
  }

  /** Alerts waiting in the channels' queues, per channel id. */
  waiting(): Record<string, number> {
    return Object.fromEntries([...this.outboxes].map(([id, o]) => [id, o.waiting]));
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const o of this.outboxes.values()) o.dispose();
    this.outboxes.clear();
  }

  private start(alert: AlertRecord): void {
    const plan = this.plan(alert);
    for (const r of plan) if (r.step === 0) this.outbox(r.channel).enqueue(toMessageAlert(alert, 0));
    if (plan.some((r) => r.step > 0)) this.steps.set(alert.id, 0, alert.clockFrom);
    else this.steps.delete(alert.id);
  }

  private plan(alert: AlertRecord) {
    const tree = this.deps.tree();
    return recipients(alert, tree, rulesInForce(this.deps.store.routingRules(), tree), (node) => this.deps.store.list(node));
  }

  private outbox(channel: NotifyChannel): ChannelOutbox {
    let o = this.outboxes.get(channel.id);
    if (o) return o;
    const id = channel.id;
    o = new ChannelOutbox({
      build: (alerts, unheld) => buildMessage(alerts, this.deps.tree(), (a) => this.deps.alerts.targets[a.severity].ackSeconds, unheld, this.opts.consoleUrl,
        this.opts.ackLink && ((alertId) => this.opts.ackLink!(alertId, id))),
      send: (m) => {
        const now = this.deps.store.get(id);
        return now?.enabled ? sendMessage(now.settings, m, this.sendOptions()) : undefined;
      },
      // An escalation is for someone who has not acknowledged yet; the first notice goes regardless.
      stillWanted: (a) => a.step === 0 || this.deps.alerts.get(a.id)?.state === 'raised',
      report: (attempt) => this.guard(`recording delivery on channel ${id}`, () => this.record(id, attempt)),
      now: this.now,
    }, this.outboxOpts);
    this.outboxes.set(id, o);
    return o;
  }

  private record(id: string, a: Attempt): void {
    const channel = this.deps.store.get(id);
    if (!channel) return;
    const answer = redact(a.result.answer, channel.settings, 300);
    const detail = (step: number): DeliveryDetail => ({
      channel: channel.id, name: channel.name, kind: channel.settings.kind, node: channel.node, step, outcome: a.outcome,
      attempt: a.attempt, attempts: a.attempts, status: a.result.status, answer, alerts: a.alerts.length,
      ...(a.retryInMs !== undefined ? { retryInS: Math.round(a.retryInMs / 100) / 10 } : {}),
    });
    // One transaction for a digest's hundreds of entries: one fsync instead of one each.
    this.deps.db.transaction(() => {
      for (const alert of a.alerts) this.deps.alerts.recordDelivery(alert.id, JSON.stringify(detail(alert.step)));
    })();
    if (a.outcome === 'failed') {
      console.warn(`notify: channel ${channel.id} (${channel.settings.kind}) gave up after ${a.attempts} attempts on ${a.alerts.length} alert(s): ${status(a.result)} ${answer}`);
    }
  }

  private sendOptions() {
    return { timeoutMs: this.timeoutMs, now: this.now };
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.error(`notify: ${what} failed: ${(e as Error).message}`);
    }
  }
}

function status(r: SendResult): string {
  return r.status === null ? 'no answer' : String(r.status);
}

function toMessageAlert(a: AlertRecord, step: number): MessageAlert {
  return {
    id: a.id, type: a.type, severity: a.severity, community: a.community, neighbourhood: a.neighbourhood,
    location: a.location, message: a.message, raisedAt: a.raisedAt, step,
  };
}
