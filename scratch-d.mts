import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from '@loaders.gl/core';
import { BasisLoader } from '@loaders.gl/textures';
import { NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import draco3d from 'draco3d';
const require = createRequire(import.meta.url);
const cjs = (file: string) => { const module = { exports: {} as any }; new Function('module', 'exports', 'require', '__filename', '__dirname', readFileSync(file, 'utf8'))(module, module.exports, require, file, 'x'); return module.exports; };
const B = cjs('node_modules/three/examples/jsm/libs/basis/basis_transcoder.js');
let P: any; class Lazy { then = (a: any, b: any) => { console.log('then called'); P ??= (async () => { const m = await B({ wasmBinary: readFileSync('node_modules/three/examples/jsm/libs/basis/basis_transcoder.wasm') }); m.initializeBasis(); return { BasisFile: m.BasisFile, KTX2File: m.KTX2File }; })(); return P.then(a, b); } }
const lazy0 = new Lazy(); const lazy = new Proxy(lazy0, { get(t, k) { console.log('lazy get', String(k)); const v = (t as any)[k]; return typeof v === 'function' ? v.bind(t) : v; } });
const io = new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({ 'draco3d.decoder': await draco3d.createDecoderModule() });
const b = readFileSync('/tmp/drone1/2/1_0.glb');
const doc = await io.readBinary(new Uint8Array(b));
const img = doc.getRoot().listTextures()[0].getImage()!;
console.log(doc.getRoot().listTextures()[0].getMimeType(), img.length);
try { const r = await parse(img.slice().buffer, BasisLoader, { core: { worker: false }, modules: { basis: lazy, basisEncoder: lazy } } as any); console.log('ok', r[0][0].width, r[0][0].format, r[0][0].compressed); } catch (e) { console.log((e as Error).stack?.split('\n').slice(0, 4).join('\n')); }
