/**
 * The card of a clicked object: its name and neighbourhood, live values with units (re-read on the
 * live tick), a 24-hour sparkline from /api/query, and the objects bound to it.
 */
import { useEffect, useRef } from 'react';
import type { LiveData } from '../../live/live-store.ts';
import { getJson, type ApiQueryResult } from '../../api/api-client.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, type AlertType, type Severity } from '../../../streams/alerts.ts';
import { PIPE_STATUS_LABELS, type PipeStatus } from '../../../streams/measurements.ts';
import type { PickedObject } from '../scene/picking.ts';
import type { TwinSceneData } from '../scene/scene-data.ts';
import { tw } from '../twin-words.ts';
import { createSparkline } from './sparkline.ts';

export interface ObjectCardProps {
  picked: PickedObject;
  scene: TwinSceneData;
  /** Live data; the card re-renders on the tick through `revision`. */
  data: LiveData;
  revision: number;
  onClose(): void;
  /** Opens the building detail (floors and elements); omitted where there is none. */
  onOpenBuilding?(id: string): void;
}

interface Row { label: string; value: string; unit: string }
interface Spark { query: string; unit: string }

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

export function ObjectCard({ picked, scene, data, onClose, onOpenBuilding }: ObjectCardProps) {
  const lang = useLang();
  const { rows, spark, bound } = describe(picked, scene, data, lang);
  const sparkHost = useRef<HTMLDivElement>(null);
  const sparkQuery = spark?.query;
  useEffect(() => {
    if (!sparkHost.current || !sparkQuery) return;
    const chart = createSparkline(sparkHost.current);
    const ac = new AbortController();
    getJson<ApiQueryResult>(`/api/query?${sparkQuery}&from=now-24h&window=5m`, ac.signal)
      .then((r) => { const s = r.series[0]; if (s) chart.set(s.t, s.v, spark!.unit); })
      .catch(() => { /* no history yet: the sparkline stays empty */ });
    return () => { ac.abort(); chart.dispose(); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sparkQuery]);
  return (
    <div className="twin-card" data-testid="twin-card" data-object={picked.id}>
      <div className="twin-card-head">
        <span className="twin-card-title" data-testid="twin-card-title">{picked.name}</span>
        <button type="button" className="twin-card-close" onClick={onClose} aria-label={tw('close', lang)}>×</button>
      </div>
      {picked.neighbourhood && <div className="twin-card-sub">{tw('neighbourhood', lang)} · {neighbourhoodName(scene, picked.neighbourhood, lang)}</div>}
      <table className="twin-card-values"><tbody>
        {rows.map((r) => (
          <tr key={r.label}><th>{r.label}</th><td data-testid="twin-card-value">{r.value}</td><td className="unit">{r.unit}</td></tr>
        ))}
      </tbody></table>
      {spark && <><div className="twin-card-sub">{tw('last24h', lang)}</div><div className="twin-card-spark" ref={sparkHost} /></>}
      {bound.length > 0 && <div className="twin-card-bound"><div className="twin-card-sub">{tw('devicesIn', lang)}</div>{bound.join(' · ')}</div>}
      {picked.kind === 'building' && onOpenBuilding && <button type="button" className="twin-card-open" onClick={() => onOpenBuilding(picked.id)}>{tw('openBuilding', lang)}</button>}
    </div>
  );
}

function neighbourhoodName(scene: TwinSceneData, id: string, lang: 'zh' | 'en'): string {
  return scene.model.manifest.community.neighbourhoods.find((n) => n.id === id)?.name[lang] ?? id;
}

function describe(p: PickedObject, scene: TwinSceneData, data: LiveData, lang: 'zh' | 'en'): { rows: Row[]; spark?: Spark; bound: string[] } {
  const v = (m: Parameters<TwinSceneData['value']>[1], device: string, field: string) => scene.value(data, m, device, field);
  const r = (key: Parameters<typeof tw>[0], value: string, unit = ''): Row => ({ label: tw(key, lang), value, unit });
  const m = scene.model.manifest;
  switch (p.kind) {
    case 'building': {
      const b = m.buildings.find((x) => x.id === p.id)!;
      const meter = scene.buildings.find((x) => x.id === p.id)?.meter ?? '';
      const load = v('energy', meter, 'load_kw');
      return {
        rows: [
          r('load', fmt(load), 'kW'), r('intensity', fmt((load * 1000) / b.floorAreaM2), 'W/m²'),
          r('pv', fmt(v('energy', meter, 'pv_kw')), 'kW'), r('ev', fmt(v('energy', meter, 'ev_kw')), 'kW'),
          r('floorArea', b.floorAreaM2.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'), 'm²'), r('floors', String(b.floors), lang === 'zh' ? '层' : ''),
          ...(b.households ? [r('households', String(b.households), lang === 'zh' ? '户' : '')] : []),
        ],
        spark: meter ? { query: `measurement=energy&field=load_kw&tag.meter=${encodeURIComponent(meter)}`, unit: 'kW' } : undefined,
        bound: m.devices.filter((d) => 'building' in d.binding && d.binding.building === p.id).map((d) => d.id),
      };
    }
    case 'space': {
      const occ = v('parking_space', p.id, 'occupied');
      return { rows: [r('status', Number.isNaN(occ) ? tw('noData', lang) : occ ? tw('occupied', lang) : tw('free', lang))], bound: [] };
    }
    case 'lot': {
      const lot = scene.lots.find((l) => l.id === p.id)!;
      const occ = v('parking', p.id, 'occupied');
      return {
        rows: [r('occupied', fmt(occ, 0), lang === 'zh' ? '辆' : 'veh'), r('free', fmt(lot.capacity - occ, 0), lang === 'zh' ? '个' : 'spaces'), r('capacity', String(lot.capacity), lang === 'zh' ? '个' : 'spaces')],
        spark: { query: `measurement=parking&field=occupied&tag.lot=${encodeURIComponent(p.id)}`, unit: lang === 'zh' ? '辆' : 'veh' },
        bound: [],
      };
    }
    case 'pipe-sensor': {
      const s = scene.pipeSensors.find((x) => x.id === p.id)!;
      const status = scene.text(data, p.id) as PipeStatus | undefined;
      const drainage = s.network === 'drainage';
      const field = drainage ? 'level_m' : 'pressure_kpa';
      return {
        rows: [
          r('status', status ? PIPE_STATUS_LABELS[status]?.[lang] ?? status : tw('noData', lang)),
          drainage ? r('level', fmt(v('pipe', p.id, 'level_m'), 2), 'm') : r('pressure', fmt(v('pipe', p.id, 'pressure_kpa')), 'kPa'),
          r('flow', fmt(v('pipe', p.id, 'flow_m3h')), 'm³/h'),
        ],
        spark: { query: `measurement=pipe&field=${field}&tag.sensor=${encodeURIComponent(p.id)}`, unit: drainage ? 'm' : 'kPa' },
        bound: [],
      };
    }
    case 'sensor':
      return {
        rows: [
          { label: lang === 'zh' ? '温度' : 'Temperature', value: fmt(v('env', p.id, 'temperature_c')), unit: '°C' },
          { label: lang === 'zh' ? '湿度' : 'Humidity', value: fmt(v('env', p.id, 'humidity_pct'), 0), unit: '%' },
          { label: 'PM2.5', value: fmt(v('env', p.id, 'pm25_ugm3'), 0), unit: 'µg/m³' },
          { label: lang === 'zh' ? '噪声' : 'Noise', value: fmt(v('env', p.id, 'noise_db'), 0), unit: 'dB' },
        ],
        spark: { query: `measurement=env&field=pm25_ugm3&tag.sensor=${encodeURIComponent(p.id)}`, unit: 'µg/m³' },
        bound: [],
      };
    case 'camera':
      return { rows: [r('video', '—')], bound: [] };
    case 'alert': {
      const a = data.alerts.find((x) => x.device === p.id);
      return {
        rows: a ? [
          { label: lang === 'zh' ? '类型' : 'Type', value: ALERT_TYPE_LABELS[a.type as AlertType]?.[lang] ?? a.type, unit: '' },
          { label: lang === 'zh' ? '级别' : 'Severity', value: SEVERITY_LABELS[a.severity as Severity]?.[lang] ?? a.severity, unit: '' },
          { label: lang === 'zh' ? '内容' : 'Message', value: a.message ?? '', unit: '' },
        ] : [],
        bound: [],
      };
    }
    default:
      return { rows: [], bound: [] };
  }
}
