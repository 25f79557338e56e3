/**
 * Routes the app mounts without an entry in the permission table (route-table.ts). The server
 * refuses to start with one, and the permission test lists them, so none ships undecided.
 */
import type { Express } from 'express';
import { mountedRoutes } from './mounted-routes.ts';
import { ROUTE_TABLE } from './route-table.ts';

/** The client's pages: public, since what they show comes from the routes of the table. */
const CLIENT_PAGES = new Set(['static /', 'GET /{*path}']);

export function routeKeys(app: Express): string[] {
  return mountedRoutes(app).flatMap((r) => {
    if (r.kind === 'static') return CLIENT_PAGES.has(`static ${r.path}`) ? [] : [`GET ${r.path}/{*path}`, `HEAD ${r.path}/{*path}`];
    return r.methods.filter((m) => !CLIENT_PAGES.has(`${m} ${r.path}`)).map((m) => `${m} ${r.path}`);
  });
}

export function unguardedRoutes(app: Express): string[] {
  const listed = new Set(ROUTE_TABLE.map((r) => `${r.method} ${r.path}`));
  return routeKeys(app).filter((k) => !listed.has(k));
}
