/**
 * A chart created once for its panel's life, with a bounded ring of one live figure sampled from
 * the node summary on the store's tick (not per message), relabelled when the language changes
 * and disposed on unmount.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { SummaryFrame } from '../../streams/live-protocol.ts';
import { useLiveStore } from '../app/live-context.ts';
import { SeriesRing, type SeriesRingOptions } from '../live/series-ring.ts';

export interface LiveCurveChart<L> {
  setLive(ring: SeriesRing | undefined): void;
  setLabels(labels: L): void;
  invalidate(): void;
  dispose(): void;
}

export interface LiveCurveOptions {
  ring: SeriesRingOptions;
  /** Least time between two samples, ms (default: every new summary). */
  minStepMs?: number;
}

export function useLiveCurveChart<L, C extends LiveCurveChart<L>>(
  host: RefObject<HTMLElement | null>,
  create: (el: HTMLElement) => C,
  labels: L,
  /** The figure to plot from a summary, or undefined when it has none. */
  sample: (summary: SummaryFrame) => number | undefined,
  opts: LiveCurveOptions,
): RefObject<C | null> {
  const store = useLiveStore();
  const chartRef = useRef<C | null>(null);
  const sampleRef = useRef(sample);
  sampleRef.current = sample;
  useEffect(() => {
    const chart = create(host.current!);
    chartRef.current = chart;
    const ring = new SeriesRing(opts.ring);
    chart.setLive(ring);
    const step = opts.minStepMs ?? 0;
    let lastTime = -Infinity;
    const unsubscribe = store.api.subscribe((s, prev) => {
      if (s.rev === prev.rev) return;
      const summary = store.data.summary;
      if (!summary || summary.time <= lastTime || summary.time < lastTime + step) return;
      const v = sampleRef.current(summary);
      if (v === undefined) return;
      lastTime = summary.time;
      ring.push(summary.time, v);
      chart.invalidate();
    });
    return () => {
      unsubscribe();
      chart.dispose();
      chartRef.current = null;
    };
    // One chart for the panel's life; labels follow in their own effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);
  useEffect(() => {
    chartRef.current?.setLabels(labels);
  }, [labels]);
  return chartRef;
}
