/**
 * The one alert model every screen holds: records replaced whole (newest `updatedAt` wins), a list
 * read that does not undo what arrived live meanwhile, and arrival numbers that say what is new.
 */
import { describe, expect, it } from 'vitest';
import { AlertRecords } from '../../client/live/alert-records.ts';
import { alertRecord } from '../console/alert-record.ts';

const ids = (r: AlertRecords) => [...r.values()].map((a) => a.id).sort((a, b) => a - b);

describe('AlertRecords', () => {
  it('takes the newest version of a record, whatever order frames come in', () => {
    const r = new AlertRecords();
    expect(r.upsert(alertRecord({ id: 1, updatedAt: 100 }))).toBe('added');
    expect(r.upsert(alertRecord({ id: 1, updatedAt: 100, count: 2 }))).toBe('updated');
    expect(r.upsert(alertRecord({ id: 1, updatedAt: 90, state: 'closed' }))).toBe('ignored');
    expect(r.get(1)).toMatchObject({ count: 2, state: 'raised' });
  });

  it('lets a record go when it stops passing `keep`, and a stale list does not bring it back', () => {
    const r = new AlertRecords((a) => a.state !== 'closed');
    r.upsert(alertRecord({ id: 1, updatedAt: 100 }));
    const since = r.revision;
    expect(r.upsert(alertRecord({ id: 1, state: 'closed', revision: 5, updatedAt: 200 }))).toBe('removed');
    // A list read begun before the close still lists the alert as raised.
    r.replaceAll([alertRecord({ id: 1, updatedAt: 100 })], since);
    expect(r.size).toBe(0);
  });

  it('keeps a tour\'s staged incident through list reads (the server never lists one) until it is removed', () => {
    const r = new AlertRecords();
    r.upsert(alertRecord({ id: 1, updatedAt: 100 }));
    r.upsert({ ...alertRecord({ id: -1, updatedAt: 100 }), demo: true });
    r.replaceAll([alertRecord({ id: 1, updatedAt: 100 })], r.revision);
    expect(ids(r)).toEqual([-1, 1]);
    const rev = r.revision;
    expect(r.remove(-1)).toBe(true);
    expect(r.revision).toBe(rev + 1);
    expect(r.remove(-1)).toBe(false);
    r.replaceAll([alertRecord({ id: 1, updatedAt: 100 })], r.revision);
    expect(ids(r)).toEqual([1]);
  });

  it('a list read replaces the records but keeps what arrived live while it was under way', () => {
    const r = new AlertRecords();
    r.upsert(alertRecord({ id: 1, updatedAt: 100 }));
    r.upsert(alertRecord({ id: 2, updatedAt: 100 }));
    const since = r.revision;
    r.upsert(alertRecord({ id: 3, updatedAt: 300 }));
    r.upsert(alertRecord({ id: 2, state: 'acknowledged', revision: 2, updatedAt: 300 }));
    r.replaceAll([alertRecord({ id: 2, updatedAt: 100 }), alertRecord({ id: 4, updatedAt: 150 })], since);
    // 1: not listed, not live since → gone; 2: the live version is newer; 3: live after the read began; 4: listed.
    expect(ids(r)).toEqual([2, 3, 4]);
    expect(r.get(2)?.state).toBe('acknowledged');
    // The next read is the truth again.
    r.replaceAll([alertRecord({ id: 4, updatedAt: 150 })], r.revision);
    expect(ids(r)).toEqual([4]);
  });

  it('numbers arrivals: a new record and a reopened one are news, a repeat or an acknowledgement is not', () => {
    const r = new AlertRecords();
    r.replaceAll([alertRecord({ id: 1, raisedAt: 10, updatedAt: 10 })], 0);
    const atLoad = r.lastArrival;
    expect(r.arrivalOf(1)).toBe(atLoad);
    r.upsert(alertRecord({ id: 2, raisedAt: 20, updatedAt: 20 }));
    expect(r.arrivalOf(2)).toBeGreaterThan(atLoad);
    const two = r.arrivalOf(2);
    r.upsert(alertRecord({ id: 2, raisedAt: 20, count: 3, updatedAt: 30 }));
    r.upsert(alertRecord({ id: 2, raisedAt: 20, count: 3, state: 'acknowledged', revision: 2, updatedAt: 40 }));
    expect(r.arrivalOf(2)).toBe(two);
    r.upsert(alertRecord({ id: 1, raisedAt: 10, state: 'resolved', revision: 3, updatedAt: 50 }));
    r.upsert(alertRecord({ id: 1, raisedAt: 10, state: 'raised', revision: 4, updatedAt: 60 }));
    expect(r.arrivalOf(1)).toBeGreaterThan(two);
    expect(r.lastArrival).toBe(r.arrivalOf(1));
    expect(r.arrivalOf(99)).toBe(0);
  });

  it('lists open records newest raise first, the same array until something changes', () => {
    const r = new AlertRecords();
    r.upsert(alertRecord({ id: 1, raisedAt: 10, updatedAt: 10 }));
    r.upsert(alertRecord({ id: 2, raisedAt: 30, updatedAt: 30 }));
    r.upsert(alertRecord({ id: 3, raisedAt: 20, state: 'resolved', updatedAt: 30 }));
    const open = r.open();
    expect(open.map((a) => a.id)).toEqual([2, 1]);
    expect(r.open()).toBe(open);
    r.upsert(alertRecord({ id: 2, raisedAt: 30, state: 'closed', updatedAt: 40 }));
    expect(r.open().map((a) => a.id)).toEqual([1]);
  });

  it('prunes what `keep` no longer holds', () => {
    let cutoff = 0;
    const r = new AlertRecords((a) => a.raisedAt >= cutoff);
    r.upsert(alertRecord({ id: 1, raisedAt: 10, updatedAt: 10 }));
    r.upsert(alertRecord({ id: 2, raisedAt: 20, updatedAt: 20 }));
    cutoff = 15;
    expect(r.prune()).toBe(1);
    expect(ids(r)).toEqual([2]);
    expect(r.arrivalOf(1)).toBe(0);
  });
});
