/**
 * manifest.json as the assembly commands read and write it: plain JSON, two-space indented, keys
 * in the schema's order, so it stays readable and can still be edited by hand. Writes go to a
 * temporary file renamed over the old one, so an interrupted command never leaves half a manifest.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MANIFEST, type TwinManifest } from '../manifest/manifest-schema.ts';

export const twinsDir = () => resolve(process.env.TWINS_DIR ?? join(process.env.DATA_DIR ?? 'data', 'twins'));

export async function readManifest(dir: string): Promise<TwinManifest> {
  const path = join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error((e as NodeJS.ErrnoException).code === 'ENOENT'
      ? `twin: ${dir} has no manifest.json (create the twin first: npm run twin -- new <community> --origin lon,lat)`
      : `twin: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = MANIFEST.safeParse(raw);
  if (!parsed.success) throw new Error(`twin: ${path} does not match the schema:\n  - ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('\n  - ')}`);
  return parsed.data;
}

export async function writeManifest(dir: string, manifest: TwinManifest): Promise<string> {
  const path = join(dir, 'manifest.json');
  const checked = MANIFEST.parse(manifest);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(checked, null, 2)}\n`);
  await rename(tmp, path);
  return path;
}
