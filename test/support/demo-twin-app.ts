/**
 * The server of a browser test that needs the twin: the demo community's twin and the built client
 * (made once per run, run-cache.ts), then the app started with that community's hierarchy.
 */
import { hierarchyNodes } from '../../streams/simulator/community-config.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { builtClient, demoTwins } from './run-cache.ts';
import { startTestApp, type TestApp } from './test-app.ts';

/** `env`: further settings of the server (the video platform's templates, say). */
export async function startDemoTwinApp(env: Record<string, string> = {}): Promise<TestApp> {
  const [clientDir, twins] = await Promise.all([builtClient(), demoTwins()]);
  return startTestApp({ hierarchy: hierarchyNodes([DEMO_COMMUNITY]), config: { clientDir }, env: { ...env, TWINS_DIR: twins } });
}
