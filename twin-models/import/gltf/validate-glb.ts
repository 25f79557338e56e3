/** Validates a GLB with the Khronos glTF-Validator; errors are what a viewer would choke on. */
import validator from 'gltf-validator';

export interface GlbReport {
  errors: number;
  warnings: number;
  /** The first few error messages, with their JSON pointers. */
  messages: string[];
}

export async function validateGlb(bytes: Uint8Array, name = 'model.glb'): Promise<GlbReport> {
  const report = await validator.validateBytes(bytes, { uri: name, maxIssues: 200, writeTimestamp: false });
  const messages = (report.issues.messages as { severity: number; code: string; message: string; pointer?: string }[])
    .filter((m) => m.severity === 0)
    .slice(0, 10)
    .map((m) => `${m.code}: ${m.message}${m.pointer ? ` at ${m.pointer}` : ''}`);
  return { errors: report.issues.numErrors, warnings: report.issues.numWarnings, messages };
}
