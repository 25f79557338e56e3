/**
 * What an administrator may write into a display profile, and what a screen may report. Shapes are
 * checked by zod; each refusal is a DisplayError (400) naming the field, e.g.
 * `displays: body field "views.0.durationS": …`. Places and the token are then checked against the
 * tree and the token store: a view outside the token's scope would only show refusals on the wall.
 */
import { z } from 'zod';
import { LEVELS, type Hierarchy } from '../../streams/hierarchy.ts';
import {
  DEFAULT_WATCHDOG, DISPLAY_LANGS, DISPLAY_LAYOUTS, DISPLAY_PANELS, DISPLAY_SCALES, RELOAD_REASONS,
  type DisplayHeartbeat, type DisplayProfile, type DisplayView,
} from '../../streams/displays.ts';
import { DisplayError } from './display-error.ts';

/** What the checks need of the token store. */
export interface DisplayTokens {
  get(id: string): { kind: string; scopes: readonly string[]; revokedAt: number | null } | undefined;
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_VIEWS = 100;

const View = z.strictObject({
  node: z.string().min(1).max(200).optional(),
  level: z.enum(LEVELS).optional(),
  panel: z.enum(DISPLAY_PANELS).optional(),
  scene: z.number().int().min(1).max(9).optional(),
  durationS: z.number().min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds (an hour)'),
});
const Watchdog = z.strictObject({
  noFrameS: z.number().min(1).max(3600).optional(),
  heapLimitMb: z.number().min(16).max(65536).optional(),
  staleFactor: z.number().min(1).max(100).optional(),
  staleAfterS: z.number().min(1).max(86400).nullable().optional(),
  maxDriftS: z.number().min(0.5).max(3600).optional(),
});
const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  tokenId: z.string().min(1).max(200),
  node: z.string().min(1).max(200),
  layout: z.enum(DISPLAY_LAYOUTS),
  lang: z.enum(DISPLAY_LANGS),
  scale: z.enum(DISPLAY_SCALES),
  views: z.array(View).max(MAX_VIEWS, `at most ${MAX_VIEWS} views`),
  hideCursorS: z.number().int().min(1).max(3600).nullable(),
  watchdog: Watchdog,
};
const NewDisplayBody = z.strictObject({
  id: z.string().regex(ID, 'must be 1 to 64 lower-case letters, digits or dashes, starting with a letter or digit'),
  name: fields.name,
  tokenId: fields.tokenId,
  node: fields.node.optional(),
  layout: fields.layout.optional(),
  lang: fields.lang.optional(),
  scale: fields.scale.optional(),
  views: fields.views.optional(),
  hideCursorS: fields.hideCursorS.optional(),
  watchdog: fields.watchdog.optional(),
});
const DisplayChangeBody = z.strictObject({
  name: fields.name.optional(),
  tokenId: fields.tokenId.optional(),
  node: fields.node.optional(),
  layout: fields.layout.optional(),
  lang: fields.lang.optional(),
  scale: fields.scale.optional(),
  views: fields.views.optional(),
  hideCursorS: fields.hideCursorS.optional(),
  watchdog: fields.watchdog.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: `name at least one of ${Object.keys(fields).join(', ')}` });
const HeartbeatBody = z.strictObject({
  version: z.string().min(1).max(64),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  heapMb: z.number().min(0).max(1_000_000).nullable(),
  reloads: z.number().int().min(0).max(1_000_000_000),
  reloadReason: z.enum(RELOAD_REASONS).nullable(),
  reloadDetail: z.string().max(2000).optional(),
  reloading: z.boolean().optional(),
});

/** The body, or a DisplayError (400) naming the first field that is wrong. */
function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? undefined);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? `body field "${issue.path.join('.')}"` : 'body';
  throw new DisplayError(400, `${where}: ${issue.message}`);
}

export type NewDisplay = Omit<DisplayProfile, 'createdAt' | 'updatedAt'>;

/** A new profile from a POST body, defaults filled in and places checked. */
export function newDisplay(body: unknown, tokens: DisplayTokens, tree: Hierarchy): NewDisplay {
  const b = parse(NewDisplayBody, body);
  const bound = displayToken(b.tokenId, tokens);
  const profile: NewDisplay = {
    id: b.id, name: b.name, tokenId: b.tokenId, node: b.node ?? bound, layout: b.layout ?? 'auto', lang: b.lang ?? 'zh', scale: b.scale ?? 'fit',
    views: b.views ?? [], hideCursorS: b.hideCursorS === undefined ? 5 : b.hideCursorS, watchdog: { ...DEFAULT_WATCHDOG, ...b.watchdog },
  };
  checkPlaces(profile, bound, tree);
  return profile;
}

/** The profile after a PATCH body; a new token moves the node to its bound node unless the body names one. */
export function changedDisplay(before: DisplayProfile, body: unknown, tokens: DisplayTokens, tree: Hierarchy): NewDisplay {
  const b = parse(DisplayChangeBody, body);
  const tokenId = b.tokenId ?? before.tokenId;
  const bound = displayToken(tokenId, tokens, b.tokenId === undefined);
  const profile: NewDisplay = {
    id: before.id, name: b.name ?? before.name, tokenId,
    node: b.node ?? (b.tokenId !== undefined ? bound : before.node),
    layout: b.layout ?? before.layout, lang: b.lang ?? before.lang, scale: b.scale ?? before.scale, views: b.views ?? before.views,
    hideCursorS: b.hideCursorS === undefined ? before.hideCursorS : b.hideCursorS,
    watchdog: { ...before.watchdog, ...b.watchdog },
  };
  checkPlaces(profile, bound, tree);
  return profile;
}

export function heartbeat(body: unknown): DisplayHeartbeat {
  const b = parse(HeartbeatBody, body);
  return { ...b, reloadDetail: b.reloadDetail?.slice(0, 500) };
}

/** The node a display token is bound to; `kept` allows a token revoked since (the profile shows the wall is cut off). */
function displayToken(id: string, tokens: DisplayTokens, kept = false): string {
  const t = tokens.get(id);
  if (!t) throw new DisplayError(400, `tokenId ${JSON.stringify(id.slice(0, 40))} is not a token; see GET /api/admin/tokens`);
  if (t.kind !== 'display') throw new DisplayError(400, `tokenId ${JSON.stringify(id.slice(0, 40))} is a ${t.kind} token, not a display token`);
  if (t.revokedAt !== null && !kept) throw new DisplayError(400, `tokenId ${JSON.stringify(id.slice(0, 40))} is revoked`);
  return t.scopes[0];
}

function checkPlaces(p: NewDisplay, bound: string, tree: Hierarchy): void {
  const inScope = (field: string, id: string) => {
    if (!tree.has(id)) throw new DisplayError(400, `${field} ${JSON.stringify(id.slice(0, 40))} is not in the sites tree`);
    if (!tree.contains(bound, id)) throw new DisplayError(400, `${field} ${JSON.stringify(id.slice(0, 40))} is outside the display token's node ${JSON.stringify(bound)}`);
  };
  inScope('node', p.node);
  p.views.forEach((v: DisplayView, i) => {
    const node = v.node ?? p.node;
    if (v.node !== undefined) inScope(`views.${i}.node`, v.node);
    if (v.level !== undefined) {
      const at = tree.get(node)!.level;
      if (LEVELS.indexOf(v.level) <= LEVELS.indexOf(at)) throw new DisplayError(400, `views.${i}.level "${v.level}" must be below the view's node, a ${at}`);
    }
  });
}
