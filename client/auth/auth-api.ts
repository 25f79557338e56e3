/** The ways to obtain a session: a person's password, a wall screen's token, the demo visit. */
import { sendJson } from '../api/api-client.ts';
import type { Session } from './session.ts';

export function signIn(username: string, password: string): Promise<Session> {
  return sendJson<Session>('POST', '/api/auth/login', { username, password }, { noLoginRedirect: true });
}

/** Only when the server enables demo guests (`demoGuest` in the client config); 404 otherwise. */
export function visitAsGuest(): Promise<Session> {
  return sendJson<Session>('POST', '/api/auth/guest', undefined, { noLoginRedirect: true });
}

export function exchangeDisplayToken(token: string): Promise<Session> {
  return sendJson<Session>('POST', '/api/auth/display', { token }, { noLoginRedirect: true });
}
