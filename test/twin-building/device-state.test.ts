/** Live state of bound devices: the worst open alert wins; meter readings carry their unit. */
import { describe, expect, it } from 'vitest';
import { deviceStates } from '../../client/twin/building-detail/device-state.ts';

const HOSTILE = `<img src=x onerror=alert(1)>'; DROP TABLE x; --`;

describe('deviceStates', () => {
  it('keeps the most severe open alert of a device, the latest among equals', () => {
    const s = deviceStates([
      { device: 'smk-1', type: 'fire', severity: 'warning', message: 'a', raisedAt: 300 },
      { device: 'smk-1', type: 'fire', severity: 'critical', message: 'b', raisedAt: 100 },
      { device: 'smk-1', type: 'fire', severity: 'critical', message: 'c', raisedAt: 200 },
      { device: 'btn-1', type: 'emergency_button', severity: 'major', message: HOSTILE, time: 50 },
    ]);
    expect(s.get('smk-1')?.alert).toEqual({ type: 'fire', severity: 'critical', message: 'c', time: 200 });
    expect(s.get('btn-1')?.alert?.message).toBe(HOSTILE);
    expect(s.has('smk-2')).toBe(false);
  });

  it('takes meter readings by the meter tag, with unit, and ignores other fields, text and empty values', () => {
    const s = deviceStates([], [
      { tags: { meter: 'm-b-1', building: 'b-1' }, field: 'load_kw', unit: 'kW', t: 10, v: 88.5 },
      { tags: { meter: 'm-b-1' }, field: 'pv_kw', unit: 'kW', t: 10, v: 3 },
      { tags: { meter: 'm-b-2' }, field: 'load_kw', unit: 'kW', t: null, v: null },
      { tags: { building: 'b-3' }, field: 'load_kw', unit: 'kW', t: 10, v: 5 },
    ]);
    expect(s.get('m-b-1')).toEqual({ reading: { field: 'load_kw', value: 88.5, unit: 'kW', time: 10 } });
    expect([...s.keys()]).toEqual(['m-b-1']);
  });
});
