/**
 * Checks a batch of site records (a sites file, an import, one admin edit) before anything is
 * written: every problem is collected and named with its record's line and id, so one run tells an
 * operator everything that is wrong with a file.
 */
import { z } from 'zod';
import { LEVELS, type Level } from '../../streams/hierarchy.ts';
import type { SiteRecord } from '../../streams/sites/site-record.ts';

/** The registry a batch is checked against (its parents may already be there). */
export interface SiteLookup {
  get(id: string): SiteRecord | undefined;
  children(id: string): readonly SiteRecord[];
  /** The city, if the registry has one. */
  root(): SiteRecord | undefined;
}

export interface ValidateOptions {
  /** Records already stored; a batch record with the same id updates it. */
  existing?: SiteLookup;
  /** Line of each record in its file, for the problems (else "record N"). */
  lines?: readonly number[];
  /** Every record must lie within this node's subtree (replace-subtree imports). */
  under?: string;
}

/** A problem list as one error: "sites: 3 problems in FILE:\n 1. …". */
export class SitesError extends Error {
  constructor(readonly problems: readonly string[], where = 'the sites') {
    const shown = problems.slice(0, 200).map((p, i) => ` ${i + 1}. ${p}`).join('\n');
    const more = problems.length > 200 ? `\n … and ${problems.length - 200} more` : '';
    super(`sites: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${where}:\n${shown}${more}`);
    this.name = 'SitesError';
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const ID_MAX = 64;
const NAME_MAX = 100;
/** The twin routes' folder rule: no separators, no dot-files, no "..". */
export const TWIN_FOLDER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;

const name = z.string()
  .refine((s) => s.trim().length > 0, 'must not be empty')
  .refine((s) => s.length <= NAME_MAX, `must be at most ${NAME_MAX} characters`)
  .refine((s) => !CONTROL.test(s), 'must not contain control characters (line breaks, tabs)');

const position = z.array(z.number()).min(2).max(3)
  .refine(([lon, lat]) => lon! >= -180 && lon! <= 180 && lat! >= -90 && lat! <= 90, 'longitude must be −180…180 and latitude −90…90');
const ring = z.array(position).min(4, 'a ring needs at least 4 positions')
  .refine((r) => r.length < 4 || (r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]), 'a ring must be closed (its last position equal to its first)');
const polygon = z.array(ring).min(1, 'a polygon needs at least one ring');

const BOUNDARY = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygon }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1) }).strict(),
]);

const RECORD = z.object({
  id: z.string()
    .refine((s) => s.length > 0, 'must not be empty')
    .refine((s) => s.length <= ID_MAX, `must be at most ${ID_MAX} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters'),
  level: z.enum(LEVELS),
  parent: z.string().nullable(),
  code: z.string().nullable().default(null),
  name: z.object({ zh: name, en: name }).strict(),
  boundary: BOUNDARY.nullable().optional(),
  twin: z.string().regex(TWIN_FOLDER, 'must be a folder name: 1–80 letters, digits, . _ : - starting with a letter or digit').nullable().optional(),
  urban: z.boolean().optional(),
}).strict();

const CODE_DIGITS: Record<Level, number | null> = { city: 6, district: 6, street: 12, community: 12, neighbourhood: null };

function codeProblem(level: Level, code: string): string | null {
  const digits = CODE_DIGITS[level];
  if (digits === null) return /^[A-Za-z0-9_-]{1,32}$/.test(code) ? null : `code "${code}" must be 1–32 letters, digits, _ or - (or null)`;
  return new RegExp(`^\\d{${digits}}$`).test(code) ? null : `code "${code}" must be ${digits} digits for a ${level} (or null)`;
}

/** The part of a parent's code its children's codes start with (GB/T 2260 and the 12-digit codes). */
function codePrefix(parent: { level: Level; code: string }): string | null {
  switch (parent.level) {
    // 500000 → "50", 510100 → "5101": a city's districts share its code without the trailing 00s.
    case 'city': return parent.code.replace(/(00)+$/, '');
    case 'district': return parent.code;
    case 'street': return parent.code.slice(0, 9);
    default: return null;
  }
}

const clip = (s: string): string => JSON.stringify(s.length > 70 ? `${s.slice(0, 70)}…` : s);

export function validateSites(records: readonly unknown[], opts: ValidateOptions = {}): { sites: SiteRecord[]; problems: string[] } {
  const problems: string[] = [];
  const where = (i: number, id?: unknown): string => {
    const at = opts.lines?.[i] !== undefined ? `line ${opts.lines[i]}` : `record ${i + 1}`;
    return typeof id === 'string' && id.length > 0 ? `${at} (id ${clip(id)})` : at;
  };

  // Shape first; only well-formed records take part in the checks across records.
  const sites: SiteRecord[] = [];
  const index: number[] = [];
  records.forEach((raw, i) => {
    const parsed = RECORD.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || '(record)';
        const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
        problems.push(`${where(i, id)}: ${field}: ${message}`);
      }
      return;
    }
    sites.push(parsed.data as SiteRecord);
    index.push(i);
  });

  const batch = new Map<string, SiteRecord>();
  const at = new Map<string, number>();
  sites.forEach((s, k) => {
    const i = index[k]!;
    const first = at.get(s.id);
    if (first !== undefined) problems.push(`${where(i, s.id)}: duplicate id, first at ${where(first)}`);
    else { batch.set(s.id, s); at.set(s.id, i); }
  });
  const lookup = (id: string): SiteRecord | undefined => batch.get(id) ?? opts.existing?.get(id);

  for (const [id, s] of batch) {
    const w = where(at.get(id)!, id);
    const before = opts.existing?.get(id);
    if (before && before.level !== s.level) problems.push(`${w}: level cannot change from ${before.level} to ${s.level} (remove the place and create it again)`);
    if (s.code !== null) {
      const p = codeProblem(s.level, s.code);
      if (p) problems.push(`${w}: ${p}`);
    }
    if (s.twin != null && s.level !== 'community') problems.push(`${w}: twin is only for communities, not a ${s.level}`);
    if (s.urban !== undefined && s.level !== 'community') problems.push(`${w}: urban is only for communities, not a ${s.level}`);

    if (s.level === 'city') {
      if (s.parent !== null) problems.push(`${w}: a city is the root and has no parent (found ${clip(s.parent)})`);
    } else if (s.parent === null) {
      problems.push(`${w}: a ${s.level} needs a parent (only the city has none)`);
    } else {
      const parent = lookup(s.parent);
      const wanted = LEVELS[LEVELS.indexOf(s.level) - 1]!;
      if (!parent) problems.push(`${w}: parent ${clip(s.parent)} is not in the file or the registry`);
      else if (parent.level !== wanted) problems.push(`${w}: parent ${clip(s.parent)} is a ${parent.level}; a ${s.level}'s parent must be a ${wanted}`);
      else if (s.code !== null && parent.code !== null && !codeProblem(parent.level, parent.code)) {
        const prefix = codePrefix({ level: parent.level, code: parent.code });
        if (prefix && !s.code.startsWith(prefix)) problems.push(`${w}: code "${s.code}" does not start with "${prefix}" of its parent ${clip(parent.id)} (code ${parent.code})`);
      }
    }

    // A new code must still prefix the codes of the children already stored (and not in this batch).
    if (before && s.code !== null && s.code !== before.code && !codeProblem(s.level, s.code)) {
      const prefix = codePrefix({ level: s.level, code: s.code });
      const stray = prefix ? opts.existing!.children(id).filter((c) => !batch.has(c.id) && c.code !== null && !c.code.startsWith(prefix)) : [];
      if (stray.length > 0) problems.push(`${w}: code "${s.code}" does not prefix the codes of its children ${stray.slice(0, 5).map((c) => `${clip(c.id)} (${c.code})`).join(', ')}${stray.length > 5 ? ` and ${stray.length - 5} more` : ''}`);
    }
  }

  // Exactly one city across the registry and the batch.
  const cities = [...batch.values()].filter((s) => s.level === 'city');
  const storedRoot = opts.existing?.root();
  if (storedRoot && !batch.has(storedRoot.id)) {
    for (const c of cities) problems.push(`${where(at.get(c.id)!, c.id)}: a second city; the registry's root is already ${clip(storedRoot.id)} (${storedRoot.name.zh})`);
  } else if (cities.length > 1) {
    for (const c of cities.slice(1)) problems.push(`${where(at.get(c.id)!, c.id)}: a second city; the root is already ${clip(cities[0]!.id)} (there must be exactly one)`);
  } else if (cities.length === 0 && !storedRoot && batch.size > 0) {
    problems.push('no city: exactly one record must have level "city" and parent null (the root)');
  }

  if (opts.under !== undefined) {
    for (const [id, s] of batch) {
      if (!isWithin(s, opts.under, lookup)) problems.push(`${where(at.get(id)!, id)}: not within ${clip(opts.under)} (an import under a node may only hold its subtree)`);
    }
  }

  return { sites: problems.length === 0 ? [...batch.values()] : sites, problems };
}

function isWithin(site: SiteRecord, ancestor: string, lookup: (id: string) => SiteRecord | undefined): boolean {
  // Levels strictly decrease towards the root, so this walk ends within five steps.
  for (let s: SiteRecord | undefined = site, steps = 0; s && steps <= LEVELS.length; s = s.parent === null ? undefined : lookup(s.parent), steps++) {
    if (s.id === ancestor) return true;
  }
  return false;
}
