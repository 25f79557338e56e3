/**
 * Assessments: per community and item, a status with its evidence, who set it and when. Every
 * change is a new revision; the history keeps all of them.
 *
 * `parseAssessmentChange` is the one validation of a change, used by the server on every PUT and
 * usable by a client before sending.
 */

export const ASSESSMENT_STATUSES = ['not_started', 'in_progress', 'met', 'not_met', 'not_applicable'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<AssessmentStatus, { zh: string; en: string }>> = {
  not_started: { zh: '未开始', en: 'Not started' },
  in_progress: { zh: '推进中', en: 'In progress' },
  met: { zh: '已达标', en: 'Met' },
  not_met: { zh: '未达标', en: 'Not met' },
  not_applicable: { zh: '不适用', en: 'Not applicable' },
};

/** A file kept elsewhere (document store, photo archive), named and referred to by URL or by id. */
export interface AttachmentRef {
  name: string;
  url?: string;
  id?: string;
}

export interface Evidence {
  /** Free text, at most `LIMITS.noteChars` characters. */
  note: string;
  /** Absolute http(s) URLs. */
  links: string[];
  attachments: AttachmentRef[];
}

/** One revision of one item's assessment in one community. */
export interface Assessment {
  community: string;
  item: string;
  /** 1, 2, 3 … per community and item; 0 means never assessed (status `not_started`, no operator). */
  revision: number;
  status: AssessmentStatus;
  evidence: Evidence;
  /** Who made the change, as the operator named themself; empty for revision 0. */
  operator: string;
  /** Server time of the change, epoch ms; null for revision 0. */
  at: number | null;
}

/** A change to an assessment (the whole new state, not a patch): what a client sends, plus who made it. */
export interface AssessmentChange {
  status: AssessmentStatus;
  /** The signed-in user (the server sets it; a body never carries it). */
  operator: string;
  /** The revision the client saw; a change against an older one is refused (409). */
  expectedRevision: number;
  evidence: Evidence;
}

export const LIMITS = {
  noteChars: 4000,
  operatorChars: 64,
  links: 20,
  linkChars: 2048,
  attachments: 20,
  attachmentNameChars: 200,
  attachmentIdChars: 200,
} as const;

export function emptyEvidence(): Evidence {
  return { note: '', links: [], attachments: [] };
}

/** The state of an item nobody has assessed yet. */
export function unassessed(community: string, item: string): Assessment {
  return { community, item, revision: 0, status: 'not_started', evidence: emptyEvidence(), operator: '', at: null };
}

export class AssessmentInputError extends Error {
  constructor(message: string) {
    super(`indicators: ${message}`);
  }
}

/** Characters as people count them (code points), so a 64-character name in Chinese is 64, not more. */
const chars = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

const clip = (s: string, max = 60): string => (chars(s) > max ? `${[...s].slice(0, max - 3).join('')}...` : s);

/**
 * Validates a change body; throws `AssessmentInputError` naming the field at fault. Strings are
 * kept exactly as sent (no trimming, no escaping): they are data, rendered as text by clients.
 */
export function parseAssessmentChange(body: unknown): Omit<AssessmentChange, 'operator'> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AssessmentInputError('the body must be a JSON object { status, expectedRevision, evidence? }');
  }
  const b = body as Record<string, unknown>;
  if ('operator' in b) throw new AssessmentInputError('operator is not part of the body: a change is recorded under the signed-in user');
  const unknown = Object.keys(b).filter((k) => !['status', 'expectedRevision', 'evidence'].includes(k));
  if (unknown.length) throw new AssessmentInputError(`unknown field "${clip(unknown[0])}"; fields are status, expectedRevision, evidence`);

  if (typeof b.status !== 'string' || !(ASSESSMENT_STATUSES as readonly string[]).includes(b.status)) {
    const got = typeof b.status === 'string' ? `"${clip(b.status)}"` : String(b.status === undefined ? 'missing' : typeof b.status);
    throw new AssessmentInputError(`status ${got} is not one of ${ASSESSMENT_STATUSES.join(', ')}`);
  }
  if (typeof b.expectedRevision !== 'number' || !Number.isInteger(b.expectedRevision) || b.expectedRevision < 0) {
    throw new AssessmentInputError('expectedRevision is required: the revision you last saw (0 for an item never assessed)');
  }
  return { status: b.status as AssessmentStatus, expectedRevision: b.expectedRevision, evidence: parseEvidence(b.evidence) };
}

function parseEvidence(raw: unknown): Evidence {
  if (raw === undefined || raw === null) return emptyEvidence();
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AssessmentInputError('evidence must be an object { note?, links?, attachments? }');
  const e = raw as Record<string, unknown>;
  const unknown = Object.keys(e).filter((k) => !['note', 'links', 'attachments'].includes(k));
  if (unknown.length) throw new AssessmentInputError(`evidence: unknown field "${clip(unknown[0])}"; fields are note, links, attachments`);

  const note = e.note ?? '';
  if (typeof note !== 'string') throw new AssessmentInputError('evidence.note must be text');
  if (chars(note) > LIMITS.noteChars) throw new AssessmentInputError(`evidence.note is ${chars(note)} characters; at most ${LIMITS.noteChars}`);

  const links = e.links ?? [];
  if (!Array.isArray(links)) throw new AssessmentInputError('evidence.links must be a list of http(s) URLs');
  if (links.length > LIMITS.links) throw new AssessmentInputError(`evidence.links has ${links.length} links; at most ${LIMITS.links}`);
  links.forEach((l, i) => checkUrl(l, `evidence.links[${i}]`));

  const attachments = e.attachments ?? [];
  if (!Array.isArray(attachments)) throw new AssessmentInputError('evidence.attachments must be a list of { name, url } or { name, id }');
  if (attachments.length > LIMITS.attachments) {
    throw new AssessmentInputError(`evidence.attachments has ${attachments.length} entries; at most ${LIMITS.attachments}`);
  }
  return { note, links: links as string[], attachments: attachments.map((a, i) => parseAttachment(a, `evidence.attachments[${i}]`)) };
}

function parseAttachment(raw: unknown, where: string): AttachmentRef {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AssessmentInputError(`${where} must be { name, url } or { name, id }`);
  const a = raw as Record<string, unknown>;
  const unknown = Object.keys(a).filter((k) => !['name', 'url', 'id'].includes(k));
  if (unknown.length) throw new AssessmentInputError(`${where}: unknown field "${clip(unknown[0])}"; fields are name, url, id`);
  if (typeof a.name !== 'string' || a.name.trim() === '') throw new AssessmentInputError(`${where}.name is required`);
  if (chars(a.name) > LIMITS.attachmentNameChars) throw new AssessmentInputError(`${where}.name is longer than ${LIMITS.attachmentNameChars} characters`);
  if ((a.url === undefined) === (a.id === undefined)) throw new AssessmentInputError(`${where} needs exactly one of url and id`);
  if (a.url !== undefined) {
    checkUrl(a.url, `${where}.url`);
    return { name: a.name, url: a.url as string };
  }
  if (typeof a.id !== 'string' || a.id.trim() === '') throw new AssessmentInputError(`${where}.id must be non-empty text`);
  if (chars(a.id) > LIMITS.attachmentIdChars) throw new AssessmentInputError(`${where}.id is longer than ${LIMITS.attachmentIdChars} characters`);
  return { name: a.name, id: a.id };
}

/** Only absolute http and https URLs: a `javascript:` or `data:` link must never reach a page as a link. */
function checkUrl(raw: unknown, where: string): void {
  if (typeof raw !== 'string') throw new AssessmentInputError(`${where} must be a URL string`);
  if (raw.length > LIMITS.linkChars) throw new AssessmentInputError(`${where} is longer than ${LIMITS.linkChars} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AssessmentInputError(`${where} "${clip(raw)}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AssessmentInputError(`${where} "${clip(raw)}" has scheme "${clip(url.protocol.slice(0, -1))}"; only http and https links are kept`);
  }
}
