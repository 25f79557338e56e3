/** draco3d ships no types; the tests use only its module factories (for gltf-transform's Draco). */
declare module 'draco3d' {
  const draco3d: { createEncoderModule(options?: object): Promise<unknown>; createDecoderModule(options?: object): Promise<unknown> };
  export default draco3d;
}
