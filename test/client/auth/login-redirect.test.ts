import { describe, expect, it } from 'vitest';
import { loginUrl, safeNextPath, shouldRedirectToLogin } from '../../../client/auth/login-redirect.ts';
import { parseDisplayFragment, displayLink } from '../../../client/auth/display-fragment.ts';

describe('safeNextPath: where the sign-in page may send a person afterwards', () => {
  it('keeps a path on this site with its query and fragment', () => {
    expect(safeNextPath('/console.html?node=c-a')).toBe('/console.html?node=c-a');
    expect(safeNextPath('/twin.html?community=c-a#focus')).toBe('/twin.html?community=c-a#focus');
    expect(safeNextPath('/admin.html?tab=sites')).toBe('/admin.html?tab=sites');
  });

  it.each([
    ['protocol-relative', '//evil.example/x'],
    ['absolute https', 'https://evil.example/'],
    ['absolute on the same host name still absolute', 'http://localhost/console.html'],
    ['javascript URL', 'javascript:alert(1)'],
    ['backslash the browser reads as a slash', '/\\evil.example'],
    ['tab inside the authority', '/\t/evil.example'],
    ['relative without a slash', 'console.html'],
    ['data URL', 'data:text/html,<script>alert(1)</script>'],
  ])('refuses %s (%s) and falls back to the cockpit', (_what, raw) => {
    expect(safeNextPath(raw)).toBe('/');
  });

  it('falls back to the cockpit when there is nothing, or the sign-in page itself (no loop)', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('')).toBe('/');
    expect(safeNextPath('/login.html?next=/console.html')).toBe('/');
  });

  it('normalises dot segments so they cannot climb out of the origin', () => {
    expect(safeNextPath('/a/../console.html')).toBe('/console.html');
  });
});

describe('loginUrl and the 401 decision', () => {
  it('carries the current page, encoded, as next', () => {
    expect(loginUrl('/console.html?node=c-a&x=1')).toBe('/login.html?next=%2Fconsole.html%3Fnode%3Dc-a%26x%3D1');
    expect(new URL(loginUrl('/console.html?node=c-a&x=1'), 'http://h').searchParams.get('next')).toBe('/console.html?node=c-a&x=1');
    expect(loginUrl('/')).toBe('/login.html');
  });

  it('sends pages to sign in on 401 only, and never the sign-in or display page', () => {
    expect(shouldRedirectToLogin(401, '/')).toBe(true);
    expect(shouldRedirectToLogin(401, '/console.html')).toBe(true);
    expect(shouldRedirectToLogin(401, '/admin.html')).toBe(true);
    expect(shouldRedirectToLogin(403, '/admin.html')).toBe(false);
    expect(shouldRedirectToLogin(500, '/')).toBe(false);
    expect(shouldRedirectToLogin(401, '/login.html')).toBe(false);
    expect(shouldRedirectToLogin(401, '/display.html')).toBe(false);
    // A wall screen says on screen that its token is gone: nobody is there to sign in.
    expect(shouldRedirectToLogin(401, '/display/centre-1')).toBe(false);
  });
});

describe('the display link', () => {
  it('round-trips a secret through the fragment, and the link never puts it in the query', () => {
    const secret = 'dsp_a+b/c=d&e';
    const link = displayLink('https://cockpit.example.cn', secret);
    const url = new URL(link);
    expect(url.pathname).toBe('/display.html');
    expect(url.search).toBe('');
    expect(parseDisplayFragment(url.hash)).toEqual({ token: secret, next: '/' });
  });

  it('reads an optional next, refusing another origin, and no token when there is none', () => {
    expect(parseDisplayFragment('#token=abc&next=%2F%3Fnode%3Dd-yz')).toEqual({ token: 'abc', next: '/?node=d-yz' });
    expect(parseDisplayFragment('#token=abc&next=%2F%2Fevil.example')).toEqual({ token: 'abc', next: '/' });
    expect(parseDisplayFragment('')).toEqual({ token: null, next: '/' });
    expect(parseDisplayFragment('#token=')).toEqual({ token: null, next: '/' });
  });
});
