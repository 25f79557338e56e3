/**
 * A tour file with a mistake is refused with a problem that names the step and the field, so the
 * person writing the tour can find it; the shipped tours pass, and the tour vocabulary (layers,
 * presets, panels) is the cockpit's own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateTour } from '../../streams/tours/validate-tour.ts';
import { COCKPIT_PANELS, SCENE_PRESET_KEYS, TWIN_LAYERS } from '../../streams/cockpit-vocabulary.ts';
import { EASINGS, INCIDENT_KIND_NAMES } from '../../streams/tours/tour.ts';
import { SCENE_PRESETS } from '../../client/twin/camera/scene-presets.ts';

const DEFAULT = JSON.parse(readFileSync(new URL('../../twin-models/tours/default.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const SCHEMA = JSON.parse(readFileSync(new URL('../../twin-models/tours/tour.schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, any> };

type Steps = Record<string, any>[];
/** The default tour with one change made to a copy. */
function changed(edit: (t: { steps: Steps } & Record<string, any>) => void): unknown {
  const t = structuredClone(DEFAULT) as { steps: Steps };
  edit(t);
  return t;
}
const fire = (t: { steps: Steps }) => t.steps.find((s) => s.id === 'fire-drill')!;

const CASES: { what: string; tour: unknown; problem: string }[] = [
  { what: 'a step without a caption', tour: changed((t) => { delete t.steps[1].caption; }), problem: 'step 2 "district": caption: expected an object, got nothing' },
  { what: 'a caption missing its English', tour: changed((t) => { t.steps[0].caption = { zh: '重庆' }; }), problem: 'step 1 "city": caption.en: expected a non-empty string, got nothing' },
  { what: 'a duration of text', tour: changed((t) => { t.steps[3].duration = '20'; }), problem: 'step 4 "community": duration: expected a number from 2 to 600 s, got "20"' },
  { what: 'an unknown preset', tour: changed((t) => { t.steps[4].camera = { preset: 'sky' }; }), problem: 'step 5 "governance": camera.preset: expected one of overview, governance' },
  { what: 'a keyframe zoom out of range', tour: changed((t) => { t.steps[0].camera.keyframes[0].zoom = 30; }), problem: 'step 1 "city": camera.keyframes[0].zoom: expected a number from 0 to 24, got 30' },
  { what: 'an unknown easing', tour: changed((t) => { t.steps[0].camera.keyframes[0].easing = 'bounce'; }), problem: 'step 1 "city": camera.keyframes[0].easing: expected one of fly, linear' },
  { what: 'an unknown layer', tour: changed((t) => { fire(t).layers = ['buildings', 'roads']; }), problem: 'step 14 "fire-drill": layers[1]: expected one of photogrammetry' },
  { what: 'an unknown panel', tour: changed((t) => { t.steps[2].panel = 'weather'; }), problem: 'step 3 "street": panel: expected one of scenes' },
  { what: 'a misspelt field', tour: changed((t) => { t.steps[2].captoin = t.steps[2].caption; }), problem: 'step 3 "street": unknown field "captoin"' },
  { what: 'two steps with one id', tour: changed((t) => { t.steps[5].id = 'governance'; }), problem: 'step 6 "governance": id: "governance" is already the id of step 5' },
  { what: 'an id with capitals', tour: changed((t) => { t.steps[0].id = 'City'; }), problem: 'step 1 "City": id: "City" does not match' },
  { what: 'an unknown incident kind', tour: changed((t) => { fire(t).incident.kind = 'flood'; }), problem: 'step 14 "fire-drill": incident.kind: expected one of leak, fire, lift_trapped, intrusion, storm, got "flood"' },
  { what: 'handling out of order', tour: changed((t) => { fire(t).incident.handling.reverse(); }), problem: 'step 14 "fire-drill": incident.handling[0].action: the first handling step is "ack"' },
  { what: 'a handling step after the step ends', tour: changed((t) => { fire(t).incident.handling[2].at = 90; }), problem: 'step 14 "fire-drill": incident.handling[2].at: expected a number from 0 to 40 s (within the step), got 90' },
  { what: 'a handling step before the one before it', tour: changed((t) => { fire(t).incident.handling[1].at = 5; }), problem: 'step 14 "fire-drill": incident.handling[1].at: 5 s is not after the previous handling step (10 s)' },
  { what: 'a dispatch naming no one', tour: changed((t) => { delete fire(t).incident.handling[1].assignee; }), problem: 'step 14 "fire-drill": incident.handling[1].assignee: a dispatch names who is sent' },
  { what: 'no steps', tour: changed((t) => { t.steps = []; }), problem: 'steps: expected a list of at least one step, got a list of 0' },
  { what: 'not an object', tour: [1, 2], problem: 'expected an object, got a list of 2' },
];

describe('a tour file', () => {
  it('the shipped default tour passes, lasts about five minutes and visits the nine scenes', () => {
    const check = validateTour(DEFAULT, 'default.json');
    expect(check.ok ? [] : check.problems).toEqual([]);
    if (!check.ok) return;
    const seconds = check.tour.steps.reduce((s, x) => s + x.duration, 0);
    expect(seconds).toBeGreaterThanOrEqual(270);
    expect(seconds).toBeLessThanOrEqual(330);
    const presets = new Set(check.tour.steps.flatMap((s) => (s.camera && 'preset' in s.camera ? [s.camera.preset] : [])));
    for (const scene of SCENE_PRESET_KEYS.filter((k) => k !== 'overview')) expect(presets, scene).toContain(scene);
    expect(check.tour.steps[0].node).toBe('500000');
    expect(check.tour.steps.some((s) => s.incident)).toBe(true);
  });

  for (const c of CASES) {
    it(`with ${c.what} is refused naming the step and field`, () => {
      const check = validateTour(c.tour, 'default.json');
      expect(check.ok).toBe(false);
      if (check.ok) return;
      expect(check.problems.some((p) => p.startsWith('default.json: ') && p.includes(c.problem)), check.problems.join('\n')).toBe(true);
    });
  }

  it('lists every problem at once, not only the first', () => {
    const check = validateTour(changed((t) => { delete t.steps[0].caption; t.steps[1].duration = 0; t.steps[2].panel = 'x'; }));
    expect(check.ok ? 0 : check.problems.length).toBe(3);
  });
});

describe('the tour vocabulary', () => {
  it('is the cockpit\'s: every preset key has a twin preset, and the schema offers the same names as the checks', () => {
    expect(SCENE_PRESETS.map((p) => p.key)).toEqual([...SCENE_PRESET_KEYS]);
    const camera = SCHEMA.$defs.camera.oneOf[0].properties.preset.enum;
    expect(camera).toEqual([...SCENE_PRESET_KEYS]);
    expect(SCHEMA.$defs.layer.enum).toEqual([...TWIN_LAYERS]);
    expect(SCHEMA.$defs.step.properties.panel.enum).toEqual([...COCKPIT_PANELS]);
    expect(SCHEMA.$defs.incident.properties.kind.enum).toEqual([...INCIDENT_KIND_NAMES]);
    expect(SCHEMA.$defs.keyframe.properties.easing.enum).toEqual([...EASINGS]);
  });
});
