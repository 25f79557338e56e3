import { validateTileset } from './twin-models/import/tiles/validate-tileset.ts';
const v = await validateTileset('/work/shared/data/3dtiles/sparse-implicit-quadtree/tileset.json');
console.log(v.errors, v.warnings, v.tiles, v.contents);
