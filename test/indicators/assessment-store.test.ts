import { describe, expect, it } from 'vitest';
import { openRecordsDb } from '../../server/records/records-db.ts';
import { AssessmentStore, StaleRevisionError } from '../../server/indicators/assessment-store.ts';

const change = (status: 'met' | 'not_met', expectedRevision: number, operator = '张三') =>
  ({ status, operator, expectedRevision, evidence: { note: '', links: [], attachments: [] } });

describe('assessment store', () => {
  it('numbers revisions per community and item, stamps server time, and keeps history that cannot be rewritten', () => {
    const db = openRecordsDb(':memory:');
    let clock = 1_700_000_000_000;
    const store = new AssessmentStore(db, () => clock++);
    expect(store.apply('c-a', '12.1', change('not_met', 0))).toMatchObject({ revision: 1, at: 1_700_000_000_000 });
    expect(store.apply('c-a', '12.1', change('met', 1, '李四'))).toMatchObject({ revision: 2, operator: '李四' });
    expect(store.apply('c-b', '12.1', change('met', 0))).toMatchObject({ revision: 1 });
    expect(() => store.apply('c-a', '12.1', change('met', 1))).toThrow(StaleRevisionError);

    expect([...store.currentOfCommunity('c-a').values()].map((a) => [a.item, a.revision, a.status])).toEqual([['12.1', 2, 'met']]);
    expect(store.history('c-a', '12.1').map((a) => a.revision)).toEqual([1, 2]);
    expect(() => db.prepare("UPDATE indicator_assessment_history SET status = 'met'").run()).toThrow('indicators: assessment history is append-only');
    expect(() => db.prepare('DELETE FROM indicator_assessment_history').run()).toThrow('indicators: assessment history is append-only');
    // A second store on the same database (a restart) reads the same state and migrates nothing twice.
    expect(new AssessmentStore(db).current('c-a', '12.1').revision).toBe(2);
    db.close();
  });
});
