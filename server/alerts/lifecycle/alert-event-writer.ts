/**
 * Writes each lifecycle step as an `alert_event` point to the time-series store, through the same
 * catalog and store writer as /write, so the cockpit charts alert counts and response times with
 * the ordinary query API. The records database stays the source of truth; a point that cannot be
 * stored (store down and spool full) is reported, never allowed to fail the transition.
 */
import type { AlertAction, AlertRecord } from '../../../streams/alert-lifecycle.ts';
import { seriesKey } from '../../../streams/line-protocol/format.ts';
import type { SeriesIdentity } from '../../../streams/line-protocol/parse.ts';
import type { FieldType } from '../../../streams/families/index.ts';
import type { SeriesCatalog } from '../../catalog/series-catalog.ts';
import { SampleBatch } from '../../ingest/sample-batch.ts';
import type { StoreWriter } from '../../ingest/store-writer.ts';

/** Steps worth a point: the ones the statistics count. */
const RECORDED: ReadonlySet<AlertAction> = new Set(['raise', 'ack', 'dispatch', 'resolve', 'close', 'reopen', 'escalate']);

export class AlertEventWriter {
  constructor(private readonly catalog: SeriesCatalog, private readonly writer: StoreWriter) {}

  /** Resolves once stored or spooled; never rejects (failures are logged). */
  record(action: AlertAction, a: AlertRecord): Promise<void> {
    if (!RECORDED.has(action)) return Promise.resolve();
    const raw: Record<string, string> = {
      community: a.community, neighbourhood: a.neighbourhood, type: a.type, severity: a.severity, state: a.state, action,
    };
    const tags: Record<string, string> = {};
    for (const k of Object.keys(raw).sort()) if (raw[k] !== '') tags[k] = raw[k];
    const series: SeriesIdentity = { measurement: 'alert_event', tags, key: seriesKey('alert_event', tags) };
    const batch = new SampleBatch(4);
    const put = (field: string, type: FieldType, v: number) => {
      const known = this.catalog.fieldType('alert_event', field);
      if (known !== undefined && known !== type) return;
      const id = this.catalog.resolve(series, field, type);
      batch.push(id, a.updatedAt, v);
      this.catalog.setLatest(id, a.updatedAt, v);
    };
    put('alert_id', 'integer', a.id);
    if (action === 'ack' && a.ackSeconds !== null) put('ack_s', 'float', a.ackSeconds);
    if (action === 'resolve' && a.resolveSeconds !== null) put('resolve_s', 'float', a.resolveSeconds);
    if (action === 'escalate') put('escalation_level', 'integer', a.escalationLevel);
    return this.writer.submit(batch).catch((e: Error) => {
      console.error(`alerts: alert_event of alert ${a.id} (${action}) not stored: ${e.message}`);
    });
  }
}
