/** What to show for a failed admin call: the server's own words (a 403's reason, a 400's policy) when it gave some. */
import { ApiError } from '../api/api-client.ts';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.serverMessage;
  return e instanceof Error ? e.message : String(e);
}

/** Every problem a rejected sites import names (400 `problems`), or none. */
export function problemsOf(e: unknown): string[] {
  if (!(e instanceof ApiError) || !Array.isArray(e.body.problems)) return [];
  return e.body.problems.map((p) => String(p));
}
