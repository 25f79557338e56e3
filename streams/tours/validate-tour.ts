/**
 * Checks a tour file (parsed JSON) against the shape of tour.ts and names every problem by its
 * step and field, as a tour writer needs it: `step 4 "safety-fire": incident.handling[1].action:
 * expected one of ack, dispatch, resolve, got "close"`. No zod: the cockpit may run it too.
 * What needs the sites tree (does the node exist?) is the server's check (server/tours/).
 */
import { SEVERITIES } from '../alerts.ts';
import { COCKPIT_PANELS, SCENE_PRESET_KEYS, TWIN_LAYERS } from '../cockpit-vocabulary.ts';
import { EASINGS, HANDLING_ACTIONS, INCIDENT_KIND_NAMES, type Tour } from './tour.ts';

export type TourCheck = { ok: true; tour: Tour } | { ok: false; problems: string[] };

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Keys a tour may carry besides its fields (editors' schema link). */
const EXTRA_KEYS = new Set(['$schema']);

type Obj = Record<string, unknown>;

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly where: string) {}

  fail(at: string, msg: string): void {
    this.problems.push(`${this.where}${at ? `${at}: ` : ''}${msg}`);
  }

  object(v: unknown, at: string): Obj | undefined {
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
    this.fail(at, `expected an object, got ${show(v)}`);
    return undefined;
  }

  only(o: Obj, at: string, keys: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!keys.includes(k) && !EXTRA_KEYS.has(k)) this.fail(at, `unknown field "${k}" (known: ${keys.join(', ')})`);
    }
  }

  string(v: unknown, at: string, { pattern, max = 2000 }: { pattern?: RegExp; max?: number } = {}): boolean {
    if (typeof v !== 'string' || v.trim() === '') { this.fail(at, `expected a non-empty string, got ${show(v)}`); return false; }
    if (v.length > max) { this.fail(at, `longer than ${max} characters (${v.length})`); return false; }
    if (pattern && !pattern.test(v)) { this.fail(at, `"${clip(v)}" does not match ${pattern.source}`); return false; }
    return true;
  }

  number(v: unknown, at: string, min: number, max: number, unit = ''): boolean {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.fail(at, `expected a number from ${min} to ${max}${unit}, got ${show(v)}`);
      return false;
    }
    return true;
  }

  oneOf(v: unknown, at: string, allowed: readonly string[]): boolean {
    if (typeof v === 'string' && allowed.includes(v)) return true;
    this.fail(at, `expected one of ${allowed.join(', ')}, got ${show(v)}`);
    return false;
  }

  bilingual(v: unknown, at: string, max = 2000): void {
    const o = this.object(v, at);
    if (!o) return;
    this.only(o, at, ['zh', 'en']);
    this.string(o.zh, `${at}.zh`, { max });
    this.string(o.en, `${at}.en`, { max });
  }
}

/** Checks a parsed tour file; `name` (the file) prefixes every problem. */
export function validateTour(input: unknown, name = 'tour'): TourCheck {
  const c = new Checker(`${name}: `);
  const t = c.object(input, '');
  if (!t) return { ok: false, problems: c.problems };
  c.only(t, '', ['id', 'title', 'description', 'default', 'steps']);
  c.string(t.id, 'id', { pattern: ID });
  c.bilingual(t.title, 'title', 120);
  if (t.description !== undefined) c.bilingual(t.description, 'description');
  if (t.default !== undefined && typeof t.default !== 'boolean') c.fail('default', `expected true or false, got ${show(t.default)}`);
  if (!Array.isArray(t.steps) || t.steps.length === 0) {
    c.fail('steps', `expected a list of at least one step, got ${show(t.steps)}`);
  } else if (t.steps.length > 200) {
    c.fail('steps', `at most 200 steps, got ${t.steps.length}`);
  } else {
    const ids = new Map<string, number>();
    t.steps.forEach((s, i) => checkStep(c, s, i, ids));
  }
  return c.problems.length ? { ok: false, problems: c.problems } : { ok: true, tour: t as unknown as Tour };
}

function checkStep(c: Checker, v: unknown, i: number, ids: Map<string, number>): void {
  const id = v && typeof v === 'object' && typeof (v as Obj).id === 'string' ? (v as Obj).id as string : '';
  const at = `step ${i + 1}${id ? ` "${clip(id)}"` : ''}`;
  const s = c.object(v, at);
  if (!s) return;
  const f = (field: string) => `${at}: ${field}`;
  c.only(s, at, ['id', 'node', 'camera', 'layers', 'panel', 'caption', 'narration', 'duration', 'incident']);
  if (c.string(s.id, f('id'), { pattern: ID })) {
    const first = ids.get(id);
    if (first !== undefined) c.fail(f('id'), `"${id}" is already the id of step ${first + 1}`);
    else ids.set(id, i);
  }
  c.string(s.node, f('node'), { max: 100 });
  if (s.camera !== undefined) checkCamera(c, s.camera, f('camera'));
  if (s.layers !== undefined) {
    if (!Array.isArray(s.layers)) c.fail(f('layers'), `expected a list of layer names, got ${show(s.layers)}`);
    else s.layers.forEach((l, j) => c.oneOf(l, f(`layers[${j}]`), TWIN_LAYERS));
  }
  if (s.panel !== undefined) c.oneOf(s.panel, f('panel'), COCKPIT_PANELS);
  c.bilingual(s.caption, f('caption'), 120);
  c.bilingual(s.narration, f('narration'));
  const timed = c.number(s.duration, f('duration'), 2, 600, ' s');
  if (s.incident !== undefined) checkIncident(c, s.incident, f('incident'), timed ? (s.duration as number) : Infinity);
}

function checkCamera(c: Checker, v: unknown, at: string): void {
  const o = c.object(v, at);
  if (!o) return;
  if ('preset' in o) {
    c.only(o, at, ['preset']);
    c.oneOf(o.preset, `${at}.preset`, SCENE_PRESET_KEYS);
    return;
  }
  if (!('keyframes' in o)) { c.fail(at, 'expected { "preset": … } or { "keyframes": [ … ] }'); return; }
  c.only(o, at, ['keyframes']);
  if (!Array.isArray(o.keyframes) || o.keyframes.length === 0 || o.keyframes.length > 20) {
    c.fail(`${at}.keyframes`, `expected a list of 1 to 20 keyframes, got ${show(o.keyframes)}`);
    return;
  }
  o.keyframes.forEach((k, j) => {
    const kat = `${at}.keyframes[${j}]`;
    const kf = c.object(k, kat);
    if (!kf) return;
    c.only(kf, kat, ['longitude', 'latitude', 'zoom', 'pitch', 'bearing', 'duration', 'easing']);
    c.number(kf.longitude, `${kat}.longitude`, -180, 180, '°');
    c.number(kf.latitude, `${kat}.latitude`, -85, 85, '°');
    c.number(kf.zoom, `${kat}.zoom`, 0, 24);
    if (kf.pitch !== undefined) c.number(kf.pitch, `${kat}.pitch`, 0, 85, '°');
    if (kf.bearing !== undefined) c.number(kf.bearing, `${kat}.bearing`, -360, 360, '°');
    if (kf.duration !== undefined) c.number(kf.duration, `${kat}.duration`, 0, 60, ' s');
    if (kf.easing !== undefined) c.oneOf(kf.easing, `${kat}.easing`, EASINGS);
  });
}

function checkIncident(c: Checker, v: unknown, at: string, stepSeconds: number): void {
  const o = c.object(v, at);
  if (!o) return;
  c.only(o, at, ['kind', 'device', 'neighbourhood', 'location', 'message', 'severity', 'at', 'handling']);
  c.oneOf(o.kind, `${at}.kind`, INCIDENT_KIND_NAMES);
  c.string(o.device, `${at}.device`, { max: 100 });
  c.string(o.neighbourhood, `${at}.neighbourhood`, { max: 100 });
  c.bilingual(o.location, `${at}.location`, 200);
  c.bilingual(o.message, `${at}.message`, 500);
  if (o.severity !== undefined) c.oneOf(o.severity, `${at}.severity`, SEVERITIES);
  let last = 1;
  if (o.at !== undefined && c.number(o.at, `${at}.at`, 0, stepSeconds, ' s (within the step)')) last = o.at as number;
  if (!Array.isArray(o.handling)) { c.fail(`${at}.handling`, `expected a list of handling steps, got ${show(o.handling)}`); return; }
  let order = -1;
  o.handling.forEach((h, j) => {
    const hat = `${at}.handling[${j}]`;
    const step = c.object(h, hat);
    if (!step) return;
    c.only(step, hat, ['action', 'at', 'assignee', 'comment']);
    if (c.oneOf(step.action, `${hat}.action`, HANDLING_ACTIONS)) {
      const k = HANDLING_ACTIONS.indexOf(step.action as (typeof HANDLING_ACTIONS)[number]);
      if (k <= order) c.fail(`${hat}.action`, `"${String(step.action)}" cannot follow "${HANDLING_ACTIONS[order]}": the order is ack → dispatch → resolve`);
      else if (order === -1 && k !== 0) c.fail(`${hat}.action`, `the first handling step is "ack" (an alert is acknowledged before anything else), got "${String(step.action)}"`);
      order = k;
      if (step.action === 'dispatch' && step.assignee === undefined) c.fail(`${hat}.assignee`, 'a dispatch names who is sent ({ "zh": …, "en": … })');
    }
    if (c.number(step.at, `${hat}.at`, 0, stepSeconds, ' s (within the step)')) {
      if ((step.at as number) <= last) c.fail(`${hat}.at`, `${String(step.at)} s is not after the ${j === 0 ? 'incident is raised' : 'previous handling step'} (${last} s)`);
      last = step.at as number;
    }
    if (step.assignee !== undefined) c.bilingual(step.assignee, `${hat}.assignee`, 100);
    if (step.comment !== undefined) c.bilingual(step.comment, `${hat}.comment`, 500);
  });
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${clip(v)}"`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
