/** The twin manifest as `GET /api/twins/:community` sends it (server/twins/twin-routes.ts). */
import type { ManifestBuilding, ManifestDevice, TwinManifest } from '../../../twin-models/manifest/manifest-types.ts';

export type { ManifestBuilding, ManifestDevice };

export interface TwinResponse extends TwinManifest {
  /** URL prefix the twin's files are served under, e.g. `/twins/c-eling/`. */
  base: string;
}
