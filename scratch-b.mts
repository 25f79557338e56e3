import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const file = 'node_modules/three/examples/jsm/libs/basis/basis_transcoder.js';
const module = { exports: {} as any };
new Function('module', 'exports', 'require', '__filename', '__dirname', readFileSync(file, 'utf8'))(module, module.exports, require, file, 'x');
const m = await module.exports({ wasmBinary: readFileSync('node_modules/three/examples/jsm/libs/basis/basis_transcoder.wasm') });
m.initializeBasis();
console.log(typeof m.KTX2File, typeof m.BasisFile);
