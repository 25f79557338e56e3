/** Files the tile decoders are served from (tile-decoders.ts; `@loaders.gl-libs` is aliased in vite.config.ts). */
declare module '*.js?url' {
  const url: string;
  export default url;
}
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
