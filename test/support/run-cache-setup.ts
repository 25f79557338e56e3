/**
 * vitest globalSetup: one folder per `vitest run` where slow fixtures every browser test needs
 * (the built client, the demo twin) are made once and shared by the test files (run-cache.ts).
 * Removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    runCache: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'test-run-cache-'));
  project.provide('runCache', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
