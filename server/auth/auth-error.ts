/** A refusal of the auth service with the HTTP status it answers with; messages start with "auth: ". */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** More fields of the JSON answer (`lockedUntil`, `retryAfterS`, a policy message in both languages). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`auth: ${message}`);
  }
}

/** Untrusted text quoted in an error: clipped, JSON-quoted (so control characters show as escapes). */
export function quote(s: string, max = 40): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}
