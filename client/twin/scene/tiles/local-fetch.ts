/**
 * The fetch the tile loaders use: it answers only from this server (and data:/blob: URLs). A
 * tileset whose content points elsewhere gets a failure naming the address instead of a request
 * leaving the control room's network; an answer that is not 2xx is reported with its file.
 */
export type FetchFailure = (url: string, message: string) => void;

export function localFetch(onFailure: FetchFailure): (url: string, init?: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const u = new URL(url, location.href);
    if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== location.origin) {
      const message = `refused: ${u.origin} is not this server (tiles and their decoders are served by the twin itself)`;
      onFailure(url, message);
      throw new Error(message);
    }
    const r = await fetch(u, init);
    if (!r.ok) onFailure(decodeURIComponent(u.pathname), `HTTP ${r.status}${r.status === 404 ? ' (file missing)' : ''}`);
    return r;
  };
}
