/**
 * One place of the sites registry (city → district → street → community → neighbourhood), as the
 * registry stores it, a sites file carries it and the admin API edits it. The live hierarchy
 * (hierarchy.ts) is built from these records; the simulator and the twins only read them.
 */
import type { Level } from '../hierarchy.ts';

/** A boundary in WGS 84 longitude/latitude (GeoJSON geometry, RFC 7946). */
export type SiteBoundary =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface SiteRecord {
  /**
   * Unique across the registry. The official code where the place has one (the shipped Chongqing
   * tree uses its codes as ids); for communities and neighbourhoods it is also the value of the
   * series' `community` / `neighbourhood` tag, so a gateway's data lands on this node.
   */
  id: string;
  level: Level;
  /** null for the root (the city) only. */
  parent: string | null;
  /**
   * Official code: GB/T 2260 (6 digits) for the city and its districts and counties, the national
   * statistics bureau's 12-digit code for streets/towns and communities/villages; null where the
   * place has none (a neighbourhood, a site the customer added).
   */
  code: string | null;
  name: { zh: string; en: string };
  /** Where known (the shipped tree has district boundaries). */
  boundary?: SiteBoundary | null;
  /** Community level: the folder of its twin under TWINS_DIR, where one exists. */
  twin?: string | null;
  /** Community level: an urban 社区 (true) or a rural 村 (false), from the statistics bureau's names. */
  urban?: boolean;
}

/** A sites file (JSON form): what `npm run sites -- import` and SITES_FILE read. */
export interface SitesFile {
  format: typeof SITES_FORMAT;
  /** Where the records come from and under which licence (shown by the admin page). */
  provenance?: { source: string; licence: string; generated?: string; notes?: string[] };
  sites: SiteRecord[];
}

export const SITES_FORMAT = 'community-twin-sites/1';
