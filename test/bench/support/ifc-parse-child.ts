/** Baseline for the IFC pipeline benchmark: web-ifc alone opens the file and streams every mesh. */
import { readFileSync } from 'node:fs';
import * as WebIfc from 'web-ifc';

const path = process.argv[2];
const t0 = performance.now();
const api = new WebIfc.IfcAPI();
await api.Init();
api.SetLogLevel(WebIfc.LogLevel.LOG_LEVEL_OFF);
const model = api.OpenModel(new Uint8Array(readFileSync(path)));
let vertices = 0;
api.StreamAllMeshes(model, (mesh) => {
  for (let i = 0; i < mesh.geometries.size(); i++) {
    const g = api.GetGeometry(model, mesh.geometries.get(i).geometryExpressID);
    vertices += g.GetVertexDataSize() / 6;
    g.delete();
  }
});
api.CloseModel(model);
process.send!({ ms: performance.now() - t0, vertices }, () => process.exit(0));
