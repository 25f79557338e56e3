/**
 * The nine scenes of the indicator system on a radar: per scene the share of items met (a
 * community) or the mean basic ratio of the communities (an area).
 */
import { useEffect, useRef } from 'react';
import { SCENES } from '../../../streams/indicators/catalogue.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { msg } from '../../i18n/messages.ts';
import { useIndicatorState } from '../../indicators/indicator-context.ts';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { SceneRadarChart, type SceneRadarLabels } from './scene-radar-chart.ts';
import { sceneShares } from './scene-shares.ts';

function labels(lang: Lang, area: boolean): SceneRadarLabels {
  return { scenes: SCENES.map((s) => s.name[lang]), seriesName: msg(area ? 'sceneAreaShare' : 'sceneShare', lang) };
}

export function SceneRadarPanel() {
  const lang = useLang();
  const progress = useIndicatorState((s) => s.progress);
  const area = useIndicatorState((s) => s.area);
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<SceneRadarChart | null>(null);
  const isArea = !progress && !!area;

  useEffect(() => {
    const chart = new SceneRadarChart(hostRef.current!, labels(lang, isArea));
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
  }, []);
  useEffect(() => {
    chartRef.current?.setLabels(labels(lang, isArea));
  }, [lang, isArea]);

  const shares = sceneShares(progress, area);
  useEffect(() => {
    chartRef.current?.setShares(shares);
  });
  return (
    <PanelFrame id="scenes" title={msg('scenesTitle', lang)} note={msg(isArea ? 'sceneAreaShare' : 'sceneShare', lang)}>
      <div className="chart-wrap">
        <div className="chart-host" ref={hostRef} data-testid="scene-radar" data-shares={shares.map((s) => (s === null ? '' : s.toFixed(3))).join(',')} />
        {shares.length === 0 ? <div className="chart-overlay">{msg('loading', lang)}</div> : null}
      </div>
    </PanelFrame>
  );
}
