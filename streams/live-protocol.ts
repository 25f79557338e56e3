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
 * The columns packed as n Float64 times, n Float64 values, n Uint32 ids (20 bytes a sample),
 * carried as base64 text. A frame that is all text is framed once for every socket of a room
 * (Socket.IO broadcasts a pre-encoded WebSocket frame), where a binary attachment is framed again
 * for each socket: at a wall's fan-out that costs more than the third more bytes.
 */
export type PackedColumns = string;

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
  /** 'degraded' while the store is unreachable, the spool holds points, or a batch was refused lately. */
  status: 'ok' | 'degraded';
  /** Why the status is 'degraded' (absent when 'ok'). */
  reason?: string;
  reachable: boolean;
  /** Set while the store is reachable but has not answered for a while (a long write): why. */
  busy?: string;
  /** Points waiting in the disk spool for the store to come back. */
  spooledPoints: number;
  lastError?: string;
  /** Batches the store refused, kept on disk (DATA_DIR/quarantine-<store>) with their reason. */
  quarantine: { records: number; points: number; lastReason?: string; lastAt?: number };
  /** Restarts of the embedded store's worker thread since the server started. */
  restarts?: number;
}

export interface SubscribeRequest {
  node: string;
  /** Repeats are ignored. */
  topics: Topic[];
  /**
   * Resume after a disconnect: the epoch and per-room last sequence (and its newest sample time,
   * epoch ms; NaN, which JSON carries as null, when the room had no sample yet).
   */
  resume?: { epoch: string; rooms: Record<string, { seq: number; time: number }> };
}

export interface UnsubscribeRequest {
  node: string;
  topics: Topic[];
}

/** Any answer of the server to a request it refused: `error` names the subsystem and what is wrong. */
export interface RefusedResult {
  ok: false;
  error: string;
}

export type UnsubscribeResult = { ok: true } | RefusedResult;

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
  | RefusedResult;

export interface ServerToClient {
  telemetry: (frame: TelemetryFrame) => void;
  alert: (frame: AlertFrame) => void;
  alertUpdate: (frame: AlertUpdateFrame) => void;
  summary: (frame: SummaryFrame) => void;
  assessment: (frame: AssessmentFrame) => void;
  health: (health: StoreHealth) => void;
}

/**
 * Every request is checked by the server before it acts (server/live/live-events.ts): a malformed
 * or over-limit request is answered `{ ok: false, error }` when it has an ack, dropped otherwise.
 */
export interface ClientToServer {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeResult) => void) => void;
  unsubscribe: (req: UnsubscribeRequest, ack: (res: UnsubscribeResult) => void) => void;
  alertSeen: (seen: AlertSeen) => void;
}

export function packColumns(sid: ArrayLike<number>, t: ArrayLike<number>, v: ArrayLike<number>, n = sid.length): PackedColumns {
  const buf = new ArrayBuffer(n * 20);
  const tv = new Float64Array(buf, 0, n);
  const vv = new Float64Array(buf, n * 8, n);
  const sv = new Uint32Array(buf, n * 16, n);
  for (let i = 0; i < n; i++) { tv[i] = t[i]; vv[i] = v[i]; sv[i] = sid[i]; }
  return toBase64(new Uint8Array(buf));
}

/** Unpack a frame's samples (base64 text; an ArrayBuffer or view is read as the bytes themselves). */
export function readColumns(packed: unknown): SampleColumns {
  let bytes: Uint8Array;
  if (typeof packed === 'string') bytes = fromBase64(packed);
  else if (packed instanceof ArrayBuffer) bytes = new Uint8Array(packed);
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

// Base64 with what each side has: Node's Buffer on the server, atob/btoa in the browser.
declare const Buffer: { from(b: ArrayBuffer | string, offsetOrEncoding?: number | string, length?: number): Uint8Array & { toString(enc: string): string } } | undefined;

function toBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let bin = '';
  // In chunks: String.fromCharCode takes a bounded number of arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new TypeError(`live: packed columns are not base64 (${text.length} characters)`);
  if (typeof Buffer !== 'undefined') {
    const b = Buffer.from(text, 'base64');
    // A copy of its own: Buffer's pool slices are not 8-byte aligned.
    return new Uint8Array(b);
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
