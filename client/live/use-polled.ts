/**
 * Runs `load` now, then again `refreshMs` after each success (`retryMs` after a failure), until a
 * dependency changes or the component unmounts: then the request in flight is aborted and the
 * timer cleared, so a panel never keeps a timer or a fetch alive after it is gone.
 */
import { useEffect, useRef } from 'react';

export interface PolledOptions {
  refreshMs: number;
  /** Wait after a failed load, ms. Default: `refreshMs`. */
  retryMs?: number;
  /** Subsystem named in the console warning of a failed load. */
  name: string;
  onError?(e: Error): void;
}

export function usePolled(enabled: boolean, deps: readonly unknown[], load: (signal: AbortSignal) => Promise<void>, opts: PolledOptions): void {
  // The latest closures are used on each run; only `enabled` and `deps` restart the loop.
  const loadRef = useRef(load);
  loadRef.current = load;
  const optsRef = useRef(opts);
  optsRef.current = opts;
  useEffect(() => {
    if (!enabled) return;
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      const { refreshMs, retryMs = refreshMs, name, onError } = optsRef.current;
      try {
        await loadRef.current(ac.signal);
        if (ac.signal.aborted) return;
        timer = setTimeout(run, refreshMs);
      } catch (e) {
        if (ac.signal.aborted) return;
        console.warn(`${name}: ${(e as Error).message}`);
        onError?.(e as Error);
        timer = setTimeout(run, retryMs);
      }
    };
    void run();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps]);
}
