/**
 * Changing an item's assessment and reading its history (`/api/indicators/assessments/…`). A
 * change goes with the revision the user saw; when someone else changed the item meanwhile the
 * server answers 409 with the current state, which comes back as a `StaleAssessment`.
 */
import { ApiError, getJson, sendJson } from '../api/api-client.ts';
import type { Assessment, AssessmentStatus, Evidence } from '../../streams/indicators/assessment.ts';

/** The change was made against an old revision; `current` is what the item holds now. */
export class StaleAssessment extends Error {
  constructor(readonly current: Assessment) {
    super(`indicators: item ${current.item} is at revision ${current.revision}`);
  }
}

const path = (community: string, item: string) => `/api/indicators/assessments/${encodeURIComponent(community)}/${encodeURIComponent(item)}`;

/** Stores a new revision; rejects with `StaleAssessment` on 409, with an `ApiError` (the server's words) otherwise. */
export async function saveAssessment(
  community: string, item: string, change: { status: AssessmentStatus; expectedRevision: number; evidence: Evidence },
): Promise<Assessment> {
  try {
    return await sendJson<Assessment>('PUT', path(community, item), change);
  } catch (e) {
    const current = e instanceof ApiError && e.status === 409 ? (e.body.current as Assessment | undefined) : undefined;
    if (current) throw new StaleAssessment(current);
    throw e;
  }
}

/** Every revision of the item, oldest first. */
export async function fetchHistory(community: string, item: string, signal?: AbortSignal): Promise<Assessment[]> {
  const r = await getJson<{ history: Assessment[] }>(`${path(community, item)}/history`, signal);
  return r.history;
}
