/**
 * The server of a browser test that needs the twin: the demo community's twin generated and the
 * client built (side by side, they are the slow part) under `tmp`, then the app started with that
 * community's hierarchy, the built client and the twin.
 */
import { join } from 'node:path';
import { build } from 'vite';
import { generateDemoTwin } from '../../twin-models/demo/generate-demo-twin.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { hierarchyNodes } from '../../streams/simulator/community-config.ts';
import { startTestApp, type TestApp } from './test-app.ts';

export async function startDemoTwinApp(tmp: string): Promise<TestApp> {
  const twins = join(tmp, 'twins');
  const clientDir = join(tmp, 'client');
  await Promise.all([
    generateDemoTwin({ outDir: join(twins, DEMO_COMMUNITY.id) }),
    build({ configFile: 'vite.config.ts', build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' }),
  ]);
  return startTestApp({ hierarchy: hierarchyNodes([DEMO_COMMUNITY]), config: { clientDir }, env: { TWINS_DIR: twins } });
}
