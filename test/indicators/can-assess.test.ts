/**
 * GET /api/indicators/assessments says whether the caller may change what it lists (`canAssess`),
 * and the answer agrees with what the PUT then does: the 'assess' capability and the community in
 * the caller's scope. A page offers the entry form only where saving would work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { withSession } from '../support/session.ts';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app?.stop(); });

const CASES = [
  { who: 'admin', roles: null, scopes: [], node: 'c-a', canAssess: true },
  { who: 'centre operator of the city', roles: ['centre_operator'], scopes: ['cq'], node: 'c-a', canAssess: true },
  { who: 'centre operator of the community, at a neighbourhood', roles: ['centre_operator'], scopes: ['c-a'], node: 'n-a2', canAssess: true },
  // Sees its neighbourhood's items, but assessments are the community's, above its scope.
  { who: 'centre operator of one neighbourhood', roles: ['centre_operator'], scopes: ['n-a1'], node: 'n-a1', canAssess: false },
  { who: 'leader of the city', roles: ['leader'], scopes: ['cq'], node: 'c-a', canAssess: false },
  { who: 'property operator of the community', roles: ['property_operator'], scopes: ['c-a'], node: 'c-a', canAssess: false },
  { who: 'demo guest', roles: ['demo_guest'], scopes: ['cq'], node: 'c-b', canAssess: false },
] as const;

describe('canAssess in GET /api/indicators/assessments', () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('$who: $canAssess, and the PUT agrees', async ({ roles, scopes, node, canAssess, i }) => {
    const session = roles ? await app.userSession({ username: `user${i}`, roles: [...roles], scopes: [...scopes] }) : app.session;
    const read = await fetch(`${app.url}/api/indicators/assessments?node=${node}`, withSession(session));
    expect(read.status).toBe(200);
    const body = await read.json() as { community: string; canAssess: boolean; assessments: { item: string; revision: number }[] };
    expect(body.canAssess).toBe(canAssess);

    const item = body.assessments[i];
    const put = await fetch(`${app.url}/api/indicators/assessments/${body.community}/${item.item}`, withSession(session, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'in_progress', expectedRevision: item.revision }),
    }));
    expect(put.status, await put.clone().text()).toBe(canAssess ? 200 : 403);
  });
});
