import { describe, expect, it } from 'vitest';
import { ITEMS, type Item } from '../../streams/indicators/catalogue.ts';
import type { AssessmentStatus } from '../../streams/indicators/assessment.ts';
import { communityProgress, groupProgress, rollUp } from '../../streams/indicators/progress.ts';

const item = (id: string, type: Item['type']): Item => {
  const [indicator, ordinal] = id.split('.').map(Number);
  return { id, indicator, ordinal, scene: 1, type, text: { zh: id, en: id } };
};
// A small indicator: two binding, three basic, one additional.
const SMALL = [item('1.1', 'binding'), item('1.2', 'binding'), item('1.3', 'basic'), item('1.4', 'basic'), item('1.5', 'basic'), item('1.6', 'additional')];
const S = (entries: Record<string, AssessmentStatus>) => entries;

describe('progress of a group of items', () => {
  it.each([
    // name, statuses, gate passed, binding open, additional met, basic ratio
    ['nothing assessed', {}, false, 2, 0, 0],
    ['both binding met', { '1.1': 'met', '1.2': 'met' }, true, 0, 0, 0],
    ['a binding item not applicable counts as cleared', { '1.1': 'met', '1.2': 'not_applicable' }, true, 0, 0, 0],
    ['a binding item in progress holds the gate', { '1.1': 'met', '1.2': 'in_progress' }, false, 1, 0, 0],
    ['a binding item not met holds the gate', { '1.1': 'not_met', '1.2': 'met' }, false, 1, 0, 0],
    ['basic ratio over applicable items', { '1.3': 'met', '1.4': 'not_met', '1.5': 'not_applicable' }, false, 2, 0, 0.5],
    ['basic ratio null when no basic item applies', { '1.3': 'not_applicable', '1.4': 'not_applicable', '1.5': 'not_applicable' }, false, 2, 0, null],
    ['additional met counted', { '1.6': 'met' }, false, 2, 1, 0],
    ['additional not met is not counted', { '1.6': 'not_met' }, false, 2, 0, 0],
  ] as const)('%s', (_name, statuses, passed, open, additionalMet, ratio) => {
    const p = groupProgress(SMALL, S(statuses as Record<string, AssessmentStatus>));
    expect(p.binding.passed).toBe(passed);
    expect(p.binding.open).toBe(open);
    expect(p.basic.ratio).toBe(ratio);
    expect(p.additional.met).toBe(additionalMet);
    expect(Object.values(p.statuses).reduce((a, b) => a + b, 0)).toBe(SMALL.length);
  });

  it('accepts a Map as well as a record of statuses', () => {
    const p = groupProgress(SMALL, new Map<string, AssessmentStatus>([['1.1', 'met'], ['1.2', 'met'], ['1.3', 'met']]));
    expect(p.binding.passed).toBe(true);
    expect(p.basic).toEqual({ total: 3, met: 1, applicable: 3, ratio: 1 / 3 });
    expect(p.statuses).toEqual({ not_started: 3, in_progress: 0, met: 3, not_met: 0, not_applicable: 0 });
  });
});

/** Every binding item met, and the first `basicMet` basic items met. */
function community(basicMet: number, extra: Record<string, AssessmentStatus> = {}): Record<string, AssessmentStatus> {
  const s: Record<string, AssessmentStatus> = {};
  for (const it of ITEMS) if (it.type === 'binding') s[it.id] = 'met';
  ITEMS.filter((it) => it.type === 'basic').slice(0, basicMet).forEach((it) => { s[it.id] = 'met'; });
  return { ...s, ...extra };
}

describe('community progress', () => {
  it('is computed per indicator and per scene as well as overall', () => {
    const p = communityProgress('c-a', { '12.1': 'met', '12.2': 'not_met', '12.3': 'not_applicable', '13.1': 'in_progress' });
    expect(p.indicators).toHaveLength(33);
    expect(p.scenes).toHaveLength(9);
    const i12 = p.indicators[11];
    expect(i12.indicator).toBe(12);
    expect(i12.binding).toEqual({ total: 1, met: 1, notApplicable: 0, open: 0, passed: true });
    expect(i12.basic).toEqual({ total: 2, met: 0, applicable: 1, ratio: 0 });
    const scene4 = p.scenes[3];
    expect(scene4.scene).toBe(4);
    expect(scene4.binding.open).toBe(3); // 13.1 in progress, 14.1 and 14.2 not started
    expect(p.binding.open).toBe(30);
    expect(p.binding.passed).toBe(false);
    // An indicator with only additional items never holds the gate.
    expect(p.indicators[7].binding).toMatchObject({ total: 0, passed: true });
    expect(p.indicators[7].basic.ratio).toBeNull();
  });

  it('passes the gate only when all 31 binding items are met or not applicable', () => {
    expect(communityProgress('c', community(0)).binding.passed).toBe(true);
    const oneOpen = community(0, { [ITEMS.find((it) => it.type === 'binding')!.id]: 'not_met' });
    expect(communityProgress('c', oneOpen).binding).toMatchObject({ passed: false, open: 1, met: 30 });
  });
});

describe('roll-up over communities', () => {
  it('counts communities through the gate, averages basic ratios and sums statuses', () => {
    const a = communityProgress('c-a', community(57));        // gate passed, ratio 1
    const b = communityProgress('c-b', community(19, { '1.1': 'in_progress' })); // gate shut, ratio 19/57
    const c = communityProgress('c-c', {});                    // nothing assessed: ratio 0
    const area = rollUp([a, b, c]);
    expect(area.communities).toBe(3);
    expect(area.passingGate).toBe(1);
    expect(area.meanBasicRatio).toBeCloseTo((1 + 19 / 57 + 0) / 3, 12);
    expect(area.statuses.met).toBe(31 + 57 + 30 + 19);
    expect(area.statuses.in_progress).toBe(1);
    expect(Object.values(area.statuses).reduce((x, y) => x + y, 0)).toBe(3 * 110);
    expect(area.list.map((f) => [f.community, f.gatePassed, f.bindingOpen])).toEqual([['c-a', true, 0], ['c-b', false, 1], ['c-c', false, 31]]);
    expect(area.scenes).toHaveLength(9);
    expect(area.scenes[0].passingGate).toBe(1); // 1.1 is in scene 1: only c-a clears it
    expect(area.scenes[1].passingGate).toBe(2); // scene 2's binding items are met in c-a and c-b
  });

  it('leaves communities whose basic items are all not applicable out of the mean', () => {
    const allNa = Object.fromEntries(ITEMS.filter((it) => it.type === 'basic').map((it) => [it.id, 'not_applicable' as const]));
    const area = rollUp([communityProgress('x', allNa), communityProgress('y', community(57))]);
    expect(area.meanBasicRatio).toBe(1);
    expect(rollUp([communityProgress('x', allNa)]).meanBasicRatio).toBeNull();
  });

  it('of no communities is empty, not NaN', () => {
    const area = rollUp([]);
    expect(area).toMatchObject({ communities: 0, passingGate: 0, meanBasicRatio: null, additionalMet: 0, list: [] });
  });
});
