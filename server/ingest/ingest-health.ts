/**
 * The ingest part of `/api/health`: backpressure and dead-letter counts. Health is public (load
 * balancers, monitoring), so anyone sees the totals; the counts per sender name tokens, users and
 * addresses, and are shown to administrators only (and on the admin page).
 */
import type { Principal } from '../auth/principal.ts';
import type { Backpressure, BackpressureState } from './backpressure.ts';
import type { DeadLetters, DeadLetterStats, SourceCount } from './dead-letters.ts';

export interface IngestHealth {
  backpressure: BackpressureState;
  deadLetters: DeadLetterStats & { sources?: SourceCount[] };
  /** Why ingest makes health 'degraded', or undefined. */
  reason?: string;
}

export function ingestHealth(letters: DeadLetters, backpressure: Backpressure) {
  return (caller: Principal | undefined): IngestHealth => {
    const bp = backpressure.state;
    const admin = caller?.roles.includes('admin') === true;
    return {
      backpressure: bp,
      deadLetters: admin ? { ...letters.stats, sources: letters.bySource() } : letters.stats,
      reason: bp.active ? `ingest: ${bp.backlogPoints} points wait for the store, over the bound of ${bp.maxBacklogPoints}; POST /write answers 503 (Retry-After ${bp.retryAfterS} s)` : undefined,
    };
  };
}
