/**
 * A today-against-yesterday chart of one node's rolled-up figure, for the levels above the
 * community: one chart instance while the panel shows it (disposed when it stops or unmounts), the
 * history read again every minute (the server records a point a minute), aborted on a node change.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { usePolled } from '../live/use-polled.ts';
import { DayCompareChart, type DayCompareLabels, type DayCompareOptions } from './day-compare-chart.ts';
import { fetchNodeDays, type DayCurve, type NodeDays } from './node-days.ts';

export type NodeDaysStatus = 'loading' | 'ok' | 'none' | 'failed';

export interface NodeDaysChartOptions {
  /** Draw (and read) only while true, e.g. above the community. */
  enabled: boolean;
  nodeId: string | undefined;
  /** Figures read, `${measurement}.${field}`. */
  keys: readonly string[];
  /** The curves to draw from the answer (one key, or a ratio of two). */
  pick: (d: NodeDays) => { today: DayCurve; yesterday: DayCurve };
  labels: DayCompareLabels;
  look?: DayCompareOptions;
  /** How often the history is read again, ms. Default 60,000 (a record a minute). */
  refreshMs?: number;
  /** Subsystem named in a failed read's warning. */
  name: string;
}

export function useNodeDaysChart(host: RefObject<HTMLElement | null>, o: NodeDaysChartOptions): NodeDaysStatus {
  const chartRef = useRef<DayCompareChart | null>(null);
  const [status, setStatus] = useState<NodeDaysStatus>('loading');
  const pickRef = useRef(o.pick);
  pickRef.current = o.pick;
  const labelsRef = useRef(o.labels);
  labelsRef.current = o.labels;
  useEffect(() => {
    if (!o.enabled || !host.current) return;
    const chart = new DayCompareChart(host.current, labelsRef.current, o.look);
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
    // One chart while enabled; labels follow in their own effect, the look is fixed per panel.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [o.enabled]);
  useEffect(() => {
    chartRef.current?.setLabels(o.labels);
  }, [o.labels]);
  useEffect(() => setStatus('loading'), [o.nodeId]);
  usePolled(o.enabled && o.nodeId !== undefined, [o.nodeId, o.keys.join(',')], async (signal) => {
    const d = await fetchNodeDays(o.nodeId!, o.keys, signal);
    if (signal.aborted) return;
    const { today, yesterday } = pickRef.current(d);
    chartRef.current?.setDays(d.dayStart, today, yesterday);
    setStatus(today.t.length || yesterday.t.length ? 'ok' : 'none');
  }, { name: o.name, refreshMs: o.refreshMs ?? 60_000, retryMs: 10_000, onError: () => setStatus('failed') });
  return status;
}
