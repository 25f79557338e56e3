/**
 * The card of a clicked object: its name and neighbourhood, live values with units (re-read on the
 * live tick), a 24-hour sparkline from /api/query, and the objects bound to it. A camera's card
 * plays its stream from the video platform (docs/video.md), with playback from its open alert.
 */
import { useEffect, useRef } from 'react';
import type { LiveData } from '../../live/live-store.ts';
import { getJson, type ApiQueryResult } from '../../api/api-client.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { ENERGY, FAMILY_DESCRIPTORS, type FamilyDescriptor } from '../../../streams/families/index.ts';
import { alertTypeLabel, severityLabel } from '../../i18n/labels.ts';
import type { PickedObject } from '../scene/picking.ts';
import type { TwinSceneData } from '../scene/scene-data.ts';
import { tw } from '../twin-words.ts';
import { createSparkline } from './sparkline.ts';
import { familyRows, fmt, type Row, type Spark } from './family-rows.ts';
import { boundDeviceRows } from './bound-devices.ts';
import { CameraPlayer } from '../../video/camera-player.tsx';
import { cameraOverride, cameraStreams } from '../../video/camera-streams.ts';
import { hasVideo, useVideoTemplates } from '../../video/video-config.ts';

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
      {picked.kind === 'camera' && <CameraVideo picked={picked} scene={scene} data={data} />}
      {bound.length > 0 && <div className="twin-card-bound"><div className="twin-card-sub">{tw('devicesIn', lang)}</div>{bound.join(' · ')}</div>}
      {picked.kind === 'building' && onOpenBuilding && <button type="button" className="twin-card-open" onClick={() => onOpenBuilding(picked.id)}>{tw('openBuilding', lang)}</button>}
    </div>
  );
}

function CameraVideo({ picked, scene, data }: { picked: PickedObject; scene: TwinSceneData; data: LiveData }) {
  const lang = useLang();
  const templates = useVideoTemplates();
  if (!templates) return null;
  if (!hasVideo(templates)) return <div className="twin-card-sub" data-testid="twin-card-video-none">{tw('video', lang)} · {tw('videoNone', lang)}</div>;
  const override = cameraOverride(scene.model.feature(picked.id)?.properties);
  const alert = data.alerts.open().find((a) => a.device === picked.id);
  const streams = cameraStreams(templates, { id: picked.id, override }, scene.model.manifest.community.id, alert?.raisedAt);
  return <div className="twin-card-video"><CameraPlayer key={picked.id} camera={{ id: picked.id, name: picked.name }} streams={streams} /></div>;
}

function neighbourhoodName(scene: TwinSceneData, id: string, lang: 'zh' | 'en'): string {
  return scene.model.manifest.community.neighbourhoods.find((n) => n.id === id)?.name[lang] ?? id;
}

/** The family whose devices are objects of this kind on the twin (its descriptor's `twin.object`). */
const FAMILY_OF_OBJECT = new Map<string, FamilyDescriptor>(
  (FAMILY_DESCRIPTORS as readonly FamilyDescriptor[]).filter((d) => d.twin && d.card).map((d) => [d.twin!.object, d]),
);

function describe(p: PickedObject, scene: TwinSceneData, data: LiveData, lang: 'zh' | 'en'): { rows: Row[]; spark?: Spark; bound: string[] } {
  const r = (key: Parameters<typeof tw>[0], value: string, unit = ''): Row => ({ label: tw(key, lang), value, unit });
  const m = scene.model.manifest;
  const family = FAMILY_OF_OBJECT.get(p.kind);
  switch (p.kind) {
    case 'building': {
      const b = m.buildings.find((x) => x.id === p.id)!;
      const meter = scene.buildings.find((x) => x.id === p.id)?.meter ?? '';
      const live = family ? familyRows(family, meter, { building: b.id, category: b.use }, scene, data, lang) : { rows: [] };
      // Intensity is what the building's colour shows: the energy ramp's value (load per floor area).
      const ramp = ENERGY.twin.colour;
      const load = scene.value(data, 'energy', meter, ramp.field);
      return {
        rows: [
          ...live.rows.slice(0, 1), r('intensity', fmt((load * ramp.factor) / b.floorAreaM2), ramp.unit), ...live.rows.slice(1),
          r('floorArea', b.floorAreaM2.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'), 'm²'), r('floors', String(b.floors), lang === 'zh' ? '层' : ''),
          ...(b.households ? [r('households', String(b.households), lang === 'zh' ? '户' : '')] : []),
          ...boundDeviceRows(scene, data, b.id, lang),
        ],
        spark: meter ? live.spark : undefined,
        bound: m.devices.filter((d) => 'building' in d.binding && d.binding.building === p.id).map((d) => d.id),
      };
    }
    case 'pipe-sensor': {
      const s = scene.pipeSensors.find((x) => x.id === p.id);
      return { ...(family ? familyRows(family, p.id, { network: s?.network }, scene, data, lang) : { rows: [] }), bound: [] };
    }
    case 'camera':
      // The stream itself plays below the rows when the video platform is connected.
      return { rows: [], bound: [] };
    case 'alert': {
      const a = data.alerts.open().find((x) => x.device === p.id);
      return {
        rows: a ? [
          { label: lang === 'zh' ? '类型' : 'Type', value: alertTypeLabel(a.type, lang), unit: '' },
          { label: lang === 'zh' ? '级别' : 'Severity', value: severityLabel(a.severity, lang), unit: '' },
          { label: lang === 'zh' ? '内容' : 'Message', value: a.message ?? '', unit: '' },
        ] : [],
        bound: [],
      };
    }
    default:
      // Any other family's object: its card as its descriptor declares it.
      return { ...(family ? familyRows(family, p.id, {}, scene, data, lang) : { rows: [] }), bound: [] };
  }
}
