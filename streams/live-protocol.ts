/**
 * The one typed Socket.IO event map shared by the server (`Server<ClientToServer, ServerToClient>`)
 * and every client (`Socket<ServerToClient, ClientToServer>`), and the columnar frames it carries.
 *
 * Rooms are `${nodeId}/${topic}`: a node of the hierarchy and one topic. Telemetry topics exist for
 * communities and neighbourhoods; `alert` and `summary` exist at every level, so a street centre
 * gets its communities' totals and alerts without their raw telemetry.
 *
 * Every message of a room carries the room's sequence number. A client that reconnects sends the
 * last sequence it saw per room (with the server's epoch) and receives what it missed.
 */
import type { AlertEvent } from './alerts.ts';
import type { AlertAction, AlertRecord } from './alert-lifecycle.ts';
import { TELEMETRY_TOPICS, familyTopic, type FieldType, type TelemetryTopic } from './families/index.ts';
import type { HierarchyNode } from './hierarchy.ts';
import type { Assessment } from './indicators/assessment.ts';

export { TELEMETRY_TOPICS, type TelemetryTopic };
export const TOPICS = [...TELEMETRY_TOPICS, 'alert', 'summary'] as const;
export type Topic = TelemetryTopic | 'alert' | 'summary';

/** Which topic a measurement's samples travel on (its family's `topic`); undefined when not live. */
export function topicOf(measurement: string): Topic | undefined {
  return familyTopic(measurement) as Topic | undefined;
}

export const roomName = (nodeId: string, topic: Topic): string => `${nodeId}/${topic}`;

/** One field of one series: the unit of the columnar frames. Sent once per room, then referred to by id. */
export interface SeriesDescriptor {
  /** Server-assigned id, stable for the server's epoch. */
  id: number;
  measurement: string;
  /** All tags, including community and neighbourhood. */
  tags: Record<string, string>;
  field: string;
  type: FieldType;
}

/** Columns of samples, equal length: series id, time (epoch ms) and value. Booleans are 0/1. */
export interface SampleColumns {
  sid: Uint32Array;
  t: Float64Array;
  v: Float64Array;
}

/**
 * The columns packed into one binary attachment: n Float64 times, n Float64 values, n Uint32 ids
 * (20 bytes a sample). One attachment per frame keeps Socket.IO's decoder within its limit of 10
 * attachments per packet, and a browser can view an ArrayBuffer without copying.
 */
export type PackedColumns = Uint8Array;

/** String-valued samples (pipe status), few enough to send as plain arrays. */
export interface TextSamples {
  sid: number[];
  t: number[];
  s: string[];
}

export interface TelemetryFrame {
  room: string;
  epoch: string;
  seq: number;
  /** Descriptors of series this room had not announced before. */
  schema?: SeriesDescriptor[];
  /** Numeric samples, packed; `readColumns` unpacks them. */
  samples: PackedColumns;
  text?: TextSamples;
  /** Set on a frame that fills a gap from the store rather than from the live buffer. */
  fromStore?: boolean;
}

export interface AlertFrame {
  room: string;
  epoch: string;
  seq: number;
  alert: AlertEvent;
}

/**
 * The current record of an alert after any change (raise, repeat, operator action, escalation),
 * sent to the `alert` rooms of its neighbourhood and every level above.
 *
 * Not part of the room's sequence: each frame carries the whole record and its revision, so the
 * newest `updatedAt` wins and applying one twice is harmless. A console that reconnects reloads
 * `GET /api/alerts` instead of asking for missed updates.
 */
export interface AlertUpdateFrame {
  room: string;
  epoch: string;
  /** The room's sequence when this was sent (the last sequenced frame before it). */
  afterSeq: number;
  action: AlertAction;
  alert: AlertRecord;
}

/** Totals of one node (sum, mean or max per field, by the field's rollup rule), from latest values. */
export interface SummaryFrame {
  room: string;
  epoch: string;
  seq: number;
  node: string;
  /** Epoch ms the totals were computed at. */
  time: number;
  /** `${measurement}.${field}` → value, with the number of series that contributed. */
  values: Record<string, { value: number; series: number }>;
}

/**
 * An indicator assessment changed (a new revision was stored). Sent to the `summary` rooms of its
 * community and of every level above, so open cockpits update. It is not part of the room's
 * sequence (`seq`): the records API is the record, and a client that reconnects re-reads
 * `GET /api/indicators/assessments` or `/progress`; `assessment.revision` orders changes to one item.
 */
export interface AssessmentFrame {
  room: string;
  epoch: string;
  assessment: Assessment;
}

/**
 * A screen acknowledges an alert frame once the alert is in its store (sent by the cockpit for
 * every `alert` frame it applies). The server matches (room, epoch, seq) to the frame it sent and
 * times the delivery on its own clock (item 32.6); `clientTime` is reported, never trusted.
 */
export interface AlertSeen {
  room: string;
  epoch: string;
  seq: number;
  /** The screen's clock when it applied the alert, epoch ms. */
  clientTime: number;
}

export interface StoreHealth {
  /** 'sqlite' (embedded) or 'influxdb'. */
  store: string;
  reachable: boolean;
  /** Points waiting in the disk spool for the store to come back. */
  spooledPoints: number;
  lastError?: string;
}

export interface SubscribeRequest {
  node: string;
  topics: Topic[];
  /** Resume after a disconnect: the epoch and per-room last sequence (and its sample time, epoch ms). */
  resume?: { epoch: string; rooms: Record<string, { seq: number; time: number }> };
}

export interface RoomSnapshot {
  room: string;
  /** Sequence of the last message included in this snapshot; deltas continue after it. */
  seq: number;
  /** 'snapshot': full latest values; 'resumed': missed frames were re-sent before this ack. */
  mode: 'snapshot' | 'resumed';
  /** Present in 'snapshot' mode for telemetry rooms. */
  latest?: TelemetryFrame;
  /** Present in 'snapshot' mode for summary rooms. */
  summary?: SummaryFrame;
}

export type SubscribeResult =
  | { ok: true; epoch: string; node: HierarchyNode; rooms: RoomSnapshot[] }
  | { ok: false; error: string };

export interface ServerToClient {
  telemetry: (frame: TelemetryFrame) => void;
  alert: (frame: AlertFrame) => void;
  alertUpdate: (frame: AlertUpdateFrame) => void;
  summary: (frame: SummaryFrame) => void;
  assessment: (frame: AssessmentFrame) => void;
  health: (health: StoreHealth) => void;
}

export interface ClientToServer {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeResult) => void) => void;
  unsubscribe: (req: { node: string; topics: Topic[] }, ack: (res: { ok: boolean }) => void) => void;
  alertSeen: (seen: AlertSeen) => void;
}

export function packColumns(sid: ArrayLike<number>, t: ArrayLike<number>, v: ArrayLike<number>, n = sid.length): PackedColumns {
  const buf = new ArrayBuffer(n * 20);
  const tv = new Float64Array(buf, 0, n);
  const vv = new Float64Array(buf, n * 8, n);
  const sv = new Uint32Array(buf, n * 16, n);
  for (let i = 0; i < n; i++) { tv[i] = t[i]; vv[i] = v[i]; sv[i] = sid[i]; }
  return new Uint8Array(buf);
}

/** Unpack a frame's samples. They arrive as an ArrayBuffer (browser) or a Buffer (Node, maybe unaligned). */
export function readColumns(packed: unknown): SampleColumns {
  let bytes: Uint8Array;
  if (packed instanceof ArrayBuffer) bytes = new Uint8Array(packed);
  else if (ArrayBuffer.isView(packed)) bytes = new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
  else throw new TypeError(`live: expected packed sample columns, got ${typeof packed}`);
  if (bytes.byteLength % 20 !== 0) throw new TypeError(`live: packed columns of ${bytes.byteLength} bytes are not a whole number of 20-byte samples`);
  const n = bytes.byteLength / 20;
  // Views need 8-byte alignment; copy only when the transport handed over an unaligned slice.
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  return {
    t: new Float64Array(bytes.buffer, bytes.byteOffset, n),
    v: new Float64Array(bytes.buffer, bytes.byteOffset + n * 8, n),
    sid: new Uint32Array(bytes.buffer, bytes.byteOffset + n * 16, n),
  };
}
