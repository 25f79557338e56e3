/** Child-process end of convert-in-child.ts: one conversion, progress and result over IPC, then exit. */
import { convertIfc } from './convert-ifc.ts';

process.once('message', async (m: { ifcPath: string; outDir: string; name?: string; compress?: boolean }) => {
  let last = 0;
  try {
    const result = await convertIfc(m.ifcPath, {
      outDir: m.outDir, name: m.name, compress: m.compress,
      onProgress: (stage, done, total) => {
        const now = Date.now();
        if (now - last > 100 || done === total) { last = now; process.send!({ progress: [stage, done, total] }); }
      },
    });
    process.send!({ result }, () => process.exit(0));
  } catch (e) {
    process.send!({ error: (e as Error).message }, () => process.exit(0));
  }
});
