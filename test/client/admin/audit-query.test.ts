import { describe, expect, it } from 'vitest';
import { auditQuery, chinaLocalToEpoch, EMPTY_AUDIT_FILTER } from '../../../client/admin/audit-query.ts';

describe('audit filters as a query', () => {
  it('reads typed times as China time whatever the browser zone', () => {
    // 2026-01-01 08:00 in Chongqing is midnight UTC.
    expect(chinaLocalToEpoch('2026-01-01T08:00')).toBe(Date.UTC(2026, 0, 1, 0, 0));
    expect(chinaLocalToEpoch('2026-01-01T00:30:15')).toBe(Date.UTC(2025, 11, 31, 16, 30, 15));
    expect(chinaLocalToEpoch('')).toBeNull();
  });

  it('names a malformed or impossible time', () => {
    expect(() => chinaLocalToEpoch('yesterday')).toThrow(/"yesterday" is not a time/);
    expect(() => chinaLocalToEpoch('2026-02-30T10:00')).toThrow(/not a real date/);
  });

  it('sends only the filters set, the page size, and `before` for older pages', () => {
    expect(auditQuery(EMPTY_AUDIT_FILTER)).toBe('limit=100');
    const q = new URLSearchParams(auditQuery({ from: '2026-01-01T08:00', to: '', actor: ' admin ', action: 'user.create', target: '' }, 'cursor-9', 50));
    expect(Object.fromEntries(q)).toEqual({ from: String(Date.UTC(2026, 0, 1)), actor: 'admin', action: 'user.create', limit: '50', before: 'cursor-9' });
  });
});
