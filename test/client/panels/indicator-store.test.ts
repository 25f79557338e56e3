import { describe, expect, it } from 'vitest';
import { IndicatorStore } from '../../../client/indicators/indicator-store.ts';
import { ITEMS } from '../../../streams/indicators/catalogue.ts';
import { unassessed, type Assessment, type AssessmentStatus } from '../../../streams/indicators/assessment.ts';

const a = (item: string, revision: number, status: AssessmentStatus, community = 'c-a'): Assessment =>
  ({ ...unassessed(community, item), revision, status, operator: '张三', at: 1000 + revision });

function loaded(): IndicatorStore {
  const s = new IndicatorStore();
  s.setAssessments('c-a', 'c-a', ITEMS.map((it) => unassessed('c-a', it.id)));
  return s;
}

describe('IndicatorStore', () => {
  it('computes progress with the shared rules on load', () => {
    const s = loaded();
    const p = s.api.getState().progress!;
    expect(p.binding).toMatchObject({ total: 31, met: 0, open: 31, passed: false });
    expect(p.basic).toMatchObject({ total: 57, applicable: 57, ratio: 0 });
    expect(p.statuses.not_started).toBe(110);
  });

  it.each<[string, Assessment[], { applied: boolean[]; status: AssessmentStatus; met: number }]>([
    ['a newer revision replaces the item', [a('1.1', 1, 'met')], { applied: [true], status: 'met', met: 1 }],
    ['an older revision arriving late is ignored', [a('1.1', 2, 'met'), a('1.1', 1, 'not_met')], { applied: [true, false], status: 'met', met: 1 }],
    ['a repeated revision is ignored', [a('1.1', 1, 'in_progress'), a('1.1', 1, 'in_progress')], { applied: [true, false], status: 'in_progress', met: 0 }],
    ['another community\'s change is not ours', [a('1.1', 1, 'met', 'c-b')], { applied: [false], status: 'not_started', met: 0 }],
  ])('%s', (_name, events, want) => {
    const s = loaded();
    const before = s.api.getState().version;
    expect(events.map((e) => s.applyAssessment(e))).toEqual(want.applied);
    const st = s.api.getState();
    expect(st.assessments.get('1.1')!.status).toBe(want.status);
    expect(st.progress!.binding.met).toBe(want.met);
    expect(st.version - before).toBe(want.applied.filter(Boolean).length);
  });

  it('passes the gate when the last binding item is met or not applicable', () => {
    const s = loaded();
    const binding = ITEMS.filter((i) => i.type === 'binding');
    binding.forEach((it, i) => s.applyAssessment(a(it.id, 1, i === 0 ? 'not_applicable' : 'met')));
    expect(s.api.getState().progress!.binding).toMatchObject({ met: 30, notApplicable: 1, open: 0, passed: true });
  });

  it('takes no live change before it knows its community', () => {
    const s = new IndicatorStore();
    expect(s.applyAssessment(a('1.1', 1, 'met'))).toBe(false);
  });
});
