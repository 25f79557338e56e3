/** Where the guard records state changes it let through (server/auth's audit log implements it). */
import type { Principal } from '../auth/principal.ts';

export interface AuditEntryInput {
  actor: Principal;
  action: string;
  target: string;
  address: string;
  detail?: Record<string, unknown>;
}

export interface AuditSink {
  record(entry: AuditEntryInput): void;
}
