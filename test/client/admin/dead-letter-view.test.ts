import { describe, expect, it } from 'vitest';
import { deadLetterQuery, EMPTY_DEAD_LETTER_FILTER, formatBytes, replayReport, replayRequest, senderLabel } from '../../../client/admin/dead-letter-view.ts';
import { t } from '../../../client/admin/admin-messages.ts';
import { DEAD_LETTER_REASONS } from '../../../client/admin/admin-api.ts';
import { DEAD_LETTER_REASONS as SERVER_REASONS } from '../../../server/ingest/dead-letters.ts';

describe('the dead-letter tab', () => {
  it('asks for the letters of the chosen sender and reason, a page at a time', () => {
    expect(deadLetterQuery(EMPTY_DEAD_LETTER_FILTER)).toBe('limit=200');
    expect(Object.fromEntries(new URLSearchParams(deadLetterQuery({ source: 'gateway:tok 1', reason: 'scope' }, 50)))).toEqual({ source: 'gateway:tok 1', reason: 'scope', limit: '50' });
  });

  it('replays the ticked letters, or with none ticked every letter the filter matches', () => {
    expect(replayRequest(new Set([9, 3]), { source: 'gateway:a', reason: 'parse' })).toEqual({ ids: [3, 9] });
    expect(replayRequest(new Set(), { source: 'gateway:a', reason: '' })).toEqual({ all: true, source: 'gateway:a' });
    expect(replayRequest(new Set(), EMPTY_DEAD_LETTER_FILTER)).toEqual({ all: true });
  });

  it('says sizes with their unit and the replay outcome in Chinese first, English on the toggle', () => {
    expect([formatBytes(512), formatBytes(3482), formatBytes(16 * 1024 * 1024)]).toEqual(['512 B', '3.4 KiB', '16.0 MiB']);
    const result = { selected: 5, accepted: 3, refused: 1, skipped: 1, errors: [], remaining: 2 };
    expect(replayReport(result, 'zh')).toBe('重放 5 条：接受 3 条，再次拒收 1 条，跳过 1 条；剩余 2 条');
    expect(replayReport(result, 'en')).toBe('Replayed 5: 3 accepted, 1 refused again, 1 skipped; 2 left');
    expect(senderLabel({ kind: 'gateway', name: 'gw-甲' }, 'zh')).toBe('网关 gw-甲');
    expect(senderLabel({ kind: 'gateway', name: 'gw-甲' }, 'en')).toBe('gateway gw-甲');
  });

  it('names every reason the server gives, in both languages', () => {
    expect(DEAD_LETTER_REASONS).toEqual(SERVER_REASONS);
    for (const r of DEAD_LETTER_REASONS) {
      expect(t(`reason_${r}`, 'zh')).toMatch(/[\u4e00-\u9fff]/);
      expect(t(`reason_${r}`, 'en')).toMatch(/^[A-Z]/);
    }
  });
});
