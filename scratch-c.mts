import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from '@loaders.gl/core';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
const require = createRequire(import.meta.url);
const cjs = (file: string) => { const module = { exports: {} as any }; new Function('module', 'exports', 'require', '__filename', '__dirname', readFileSync(file, 'utf8'))(module, module.exports, require, file, 'x'); return module.exports; };
const B = cjs('node_modules/three/examples/jsm/libs/basis/basis_transcoder.js');
class Lazy { p: any; then(a: any, b: any) { console.log('then called'); this.p ??= (async () => { const m = await B({ wasmBinary: readFileSync('node_modules/three/examples/jsm/libs/basis/basis_transcoder.wasm') }); m.initializeBasis(); return { BasisFile: m.BasisFile, KTX2File: m.KTX2File }; })(); return this.p.then(a, b); } }
const lazy = new Lazy();
const D = cjs('node_modules/@loaders.gl/draco/dist/libs/draco_wasm_wrapper.js');
const w = readFileSync('node_modules/@loaders.gl/draco/dist/libs/draco_decoder.wasm');
const modules0 = { 'draco_wasm_wrapper.js': D, 'draco_decoder.wasm': w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength), basis: lazy, basisEncoder: lazy };
const modules = new Proxy(modules0, { get(t, k) { console.log('get', String(k)); return (t as any)[k]; } });
try {
  const r = await parse(readFileSync('/tmp/drone1/1/1_0.b3dm'), Tiles3DLoader, { core: { worker: false }, modules, '3d-tiles': { loadGLTF: true, isTileset: false } } as any);
  console.log(Object.keys(r), r.gltf?.images?.map((i: any) => i && Object.keys(i)));
} catch (e) { console.log((e as Error).stack); }
const { extractLoadLibraryOptions } = await import('@loaders.gl/worker-utils');
console.log(extractLoadLibraryOptions({ modules } as any));
const x = await lazy; console.log('lazy', Object.keys(x), typeof x.KTX2File);
