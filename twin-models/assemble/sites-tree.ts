/**
 * The sites tree a new twin is bound to: SITES_FILE when set (JSON or CSV, the format
 * `npm run sites -- import` reads), else the shipped Chongqing tree. Read here without the
 * server's registry (the twin tools sit below it); the registry validates the file itself.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteRecord } from '../../streams/sites/site-record.ts';

export const SHIPPED_SITES = fileURLToPath(new URL('../../server/sites/chongqing/chongqing-sites.json', import.meta.url));

export function sitesFilePath(explicit?: string): string {
  return resolve(explicit ?? process.env.SITES_FILE ?? SHIPPED_SITES);
}

type Node = Pick<SiteRecord, 'id' | 'level' | 'parent' | 'name'> & { twin?: string | null };

export function readSitesTree(path: string): Node[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new Error(`sites: cannot read ${path}: ${(e as Error).message}`);
  }
  if (extname(path).toLowerCase() === '.csv' || !/^\s*[[{]/.test(text)) return csvNodes(text, path);
  const data = JSON.parse(text) as { sites?: Node[] } | Node[];
  const sites = Array.isArray(data) ? data : data.sites;
  if (!Array.isArray(sites)) throw new Error(`sites: ${path} is not a sites file (no "sites" array)`);
  return sites;
}

function csvNodes(text: string, path: string): Node[] {
  const rows = text.split(/\r?\n/).filter((l) => l.trim()).map(csvRow);
  const head = rows.shift() ?? [];
  const col = (name: string) => head.indexOf(name);
  if (col('id') < 0 || col('level') < 0) throw new Error(`sites: ${path} has no id,level,parent,… header`);
  return rows.map((r) => ({ id: r[col('id')], level: r[col('level')] as Node['level'], parent: r[col('parent')] || null, name: { zh: r[col('name_zh')] ?? '', en: r[col('name_en')] ?? '' }, twin: r[col('twin')] || null }));
}

function csvRow(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface CommunityPlace {
  community: Node;
  street: Node;
  district: Node;
  city: Node;
  neighbourhoods: Node[];
}

/** The community node and its parents; an error naming the node and the file when it is not a community there. */
export function communityPlace(nodes: Node[], id: string, path: string): CommunityPlace {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const c = byId.get(id);
  if (!c) {
    const near = nodes.filter((n) => n.level === 'community' && (n.name.zh === id || n.name.en.toLowerCase() === id.toLowerCase())).map((n) => `${n.id} (${n.name.zh})`);
    throw new Error(`sites: no node "${id}" in the sites tree ${path}${near.length ? `; did you mean ${near.slice(0, 5).join(', ')}?` : ' (add it with the admin page or npm run sites -- import, or set SITES_FILE)'}`);
  }
  if (c.level !== 'community') throw new Error(`sites: "${id}" (${c.name.zh}) is a ${c.level} in ${path}, not a community`);
  const up = (n: Node, level: string): Node => {
    for (let p = n.parent ? byId.get(n.parent) : undefined; p; p = p.parent ? byId.get(p.parent) : undefined) if (p.level === level) return p;
    throw new Error(`sites: community "${id}" has no ${level} above it in ${path}`);
  };
  return { community: c, street: up(c, 'street'), district: up(c, 'district'), city: up(c, 'city'), neighbourhoods: nodes.filter((n) => n.parent === id && n.level === 'neighbourhood') };
}
