import { writeDroneTileset } from './test/support/drone-tileset.ts';
import { validateTileset } from './twin-models/import/tiles/validate-tileset.ts';
const t0 = Date.now();
const r = await writeDroneTileset('/work/shared/data/3dtiles', '/tmp/drone1', { longitude: 106.53, latitude: 29.55, height: 250 });
console.log(Date.now() - t0, 'ms', r.tiles, r.contents.map(c => c.uri + ':' + c.texture).join(' '));
const v = await validateTileset(r.tilesetPath);
console.log(v.errors.slice(0, 5), v.warnings.slice(0,3), v.contentBytes);
