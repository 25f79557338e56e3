/**
 * A wall screen's link: `display.html#token=<secret>[&next=<path>]`. The secret travels in the
 * fragment so it never reaches a server log or a Referer; the page removes it from the address bar
 * before anything else happens.
 */
import { safeNextPath } from './login-redirect.ts';

export function parseDisplayFragment(hash: string): { token: string | null; next: string } {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token')?.trim() || null;
  return { token, next: safeNextPath(params.get('next')) };
}

/** The link an administrator gives a wall screen for a new display token. */
export function displayLink(origin: string, secret: string): string {
  return `${origin}/display.html#token=${encodeURIComponent(secret)}`;
}
