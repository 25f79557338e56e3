/**
 * The live hub's edge: one zod schema for the argument of every client → server event of
 * `ClientToServer`, with the bounds it enforces. The compiler checks each schema against the event
 * map (see the end of this file), so the map and the checks cannot drift apart.
 *
 * Server side only: streams/ is bundled into the browser client, which must not carry zod.
 */
import { z } from 'zod';
import { TOPICS, type ClientToServer } from '../../streams/live-protocol.ts';
import { issueText } from './event-issue.ts';

export interface LiveEventLimits {
  /** Longest node id or epoch accepted, characters. Room names may be a topic longer. */
  maxIdLength: number;
  /** Most entries in one request's `topics`, counted before repeats are removed. */
  maxTopics: number;
  /** Most rooms in one `resume.rooms`. */
  maxResumeRooms: number;
}

const topicList = TOPICS.join(', ');
const longestTopic = Math.max(...TOPICS.map((t) => t.length));

export function liveEventSchemas(limits: LiveEventLimits) {
  const maxRoom = limits.maxIdLength + 1 + longestTopic;
  const text = (max: number, what: string) => {
    const mustBe = `must be ${what}: a string of 1 to ${max} characters`;
    return z.string({ error: mustBe }).min(1, { error: mustBe }).max(max, { error: mustBe });
  };
  const nodeId = text(limits.maxIdLength, 'a node id');
  const topics = atMost('array', limits.maxTopics, `must be an array of topics (${topicList})`, `must hold at most ${limits.maxTopics} topics`)
    .pipe(z.array(z.enum(TOPICS, { error: `must be one of ${topicList}` })))
    // One room per topic however often it is named: a repeated topic must not repeat the snapshot.
    .transform((ts) => [...new Set(ts)]);
  const cursor = z.object({
    seq: z.number({ error: 'must be a whole number ≥ 0' }).int({ error: 'must be a whole number ≥ 0' }).min(0, { error: 'must be a whole number ≥ 0' }),
    // A room that had no sample yet has time NaN, which JSON carries as null.
    time: z.number({ error: 'must be epoch ms or null' }).nullable().transform((t) => t ?? NaN),
  }, { error: 'must be { seq, time }' });
  const resume = z.object({
    epoch: text(limits.maxIdLength, 'the server epoch'),
    rooms: atMost('object', limits.maxResumeRooms, 'must be an object of room → { seq, time }', `must hold at most ${limits.maxResumeRooms} rooms`, maxRoom)
      .pipe(z.record(z.string(), cursor)),
  }, { error: 'must be an object { epoch, rooms }' });

  return {
    subscribe: z.object({ node: nodeId, topics, resume: resume.optional() }, { error: 'must be an object { node, topics, resume? }' }),
    unsubscribe: z.object({ node: nodeId, topics }, { error: 'must be an object { node, topics }' }),
    alertSeen: z.object({
      room: text(maxRoom, 'a room name'),
      epoch: text(limits.maxIdLength, 'the server epoch'),
      seq: z.number({ error: 'must be a whole number ≥ 0' }).int({ error: 'must be a whole number ≥ 0' }).min(0, { error: 'must be a whole number ≥ 0' }),
      clientTime: z.number({ error: 'must be epoch ms' }),
    }, { error: 'must be an object { room, epoch, seq, clientTime }' }),
  };
}

export type LiveEventSchemas = ReturnType<typeof liveEventSchemas>;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Check one event's argument; the error names the event, the place and what was there. */
export function checkEvent<S extends z.ZodType>(event: keyof ClientToServer, schema: S, input: unknown): Checked<z.output<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: issueText(event, r.error.issues[0], input) };
}

/**
 * A size check that runs before the schema it is piped into, so an array or map of a million
 * entries costs one count rather than one issue per entry. `maxKey` bounds an object's key length.
 */
function atMost(kind: 'array' | 'object', max: number, mustBe: string, tooMany: string, maxKey = Infinity) {
  return z.unknown().superRefine((v, ctx) => {
    if (kind === 'array' ? !Array.isArray(v) : !isPlainObject(v)) {
      ctx.addIssue({ code: 'custom', message: mustBe });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > max) ctx.addIssue({ code: 'custom', message: tooMany });
      return;
    }
    let n = 0;
    for (const key in v as Record<string, unknown>) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      if (++n > max) { ctx.addIssue({ code: 'custom', message: tooMany }); return; }
      if (key.length > maxKey) { ctx.addIssue({ code: 'custom', message: `names a room longer than ${maxKey} characters` }); return; }
    }
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer);
}

// ——— compile-time: every schema matches its event's argument in the event map ———

/** The (first) argument of a client → server event, as the event map declares it. */
export type EventArgument<E extends keyof ClientToServer> = Parameters<ClientToServer[E]>[0];
/** `true` only when what the schema lets through is exactly the event's argument type, and every such argument is accepted as input. */
type Matches<S extends z.ZodType, A> =
  [z.output<S>] extends [A] ? ([A] extends [z.output<S>] ? ([A] extends [z.input<S>] ? true : false) : false) : false;
// A new event in ClientToServer without a schema, or a schema that drifts from the map, fails here.
const schemasMatchTheEventMap: { [E in keyof ClientToServer]: Matches<LiveEventSchemas[E], EventArgument<E>> } = {
  subscribe: true, unsubscribe: true, alertSeen: true,
};
void schemasMatchTheEventMap;
