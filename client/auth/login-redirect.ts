/**
 * Where the sign-in page sends people back to, and when a page sends them to it. `next` comes from
 * the address bar, so anyone can plant one in a link: only a path on this origin is accepted
 * (`//evil.example`, `https://…`, `/\evil`, `javascript:` all fall back to the cockpit).
 */

/** Pages that handle a 401 themselves: sending them to the sign-in page would loop or strand a wall screen. */
const SELF_SIGNING_PAGES = ['/login.html', '/display.html'];
const FALLBACK = '/';

/** A same-origin path (with its query and fragment) from an untrusted `next`, or '/' (the cockpit). */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000) return FALLBACK;
  // Browsers read a backslash as a slash (`/\evil` is `//evil`) and drop tabs and newlines.
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return FALLBACK;
  const base = 'http://next.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== base) return FALLBACK;
  if (SELF_SIGNING_PAGES.includes(url.pathname)) return FALLBACK;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page's address that comes back to `pathAndQuery` afterwards. */
export function loginUrl(pathAndQuery: string): string {
  const next = safeNextPath(pathAndQuery);
  return next === FALLBACK ? '/login.html' : `/login.html?next=${encodeURIComponent(next)}`;
}

/** Whether an answer of `status` on page `pathname` sends the user to sign in. */
export function shouldRedirectToLogin(status: number, pathname: string): boolean {
  // A wall screen (`/display/<id>`) says it lost its token on screen instead: nobody is there to sign in.
  return status === 401 && !SELF_SIGNING_PAGES.includes(pathname) && !pathname.startsWith('/display/');
}

/** After a 401: leave for the sign-in page (in a browser, on pages that do not sign in themselves). */
export function redirectOn401(status: number): void {
  if (typeof window === 'undefined') return;
  const { pathname, search } = window.location;
  if (shouldRedirectToLogin(status, pathname)) window.location.assign(loginUrl(`${pathname}${search}`));
}
