/**
 * Camera presets for the guideline's nine scenes: where to look and which layers tell that scene's
 * story. Positions are offsets from the twin's origin in metres, so they fit any community.
 */
import type { ScenePresetKey } from '../../../streams/cockpit-vocabulary.ts';
import type { TwinLayerName } from '../scene/layer-names.ts';

export interface ScenePreset {
  /** One of SCENE_PRESET_KEYS (streams/cockpit-vocabulary.ts), so a tour can name it. */
  key: ScenePresetKey;
  zh: string;
  en: string;
  /** View centre, metres east and north of the origin. */
  east: number;
  north: number;
  zoom: number;
  pitch: number;
  bearing: number;
  layers: TwinLayerName[];
}

const ALL: TwinLayerName[] = ['photogrammetry', 'buildings', 'parking', 'pipes', 'walkways', 'devices', 'alerts', 'facilities'];

export const SCENE_PRESETS: readonly ScenePreset[] = [
  { key: 'overview', zh: '全景', en: 'Overview', east: 0, north: -40, zoom: 16.2, pitch: 55, bearing: -20, layers: ALL },
  { key: 'governance', zh: '渝快智治', en: 'Governance', east: -40, north: -90, zoom: 17.4, pitch: 50, bearing: 0, layers: ['photogrammetry', 'buildings', 'facilities', 'alerts'] },
  { key: 'neighbourhood', zh: '渝见邻里', en: 'Neighbourhood', east: 0, north: -80, zoom: 17.2, pitch: 55, bearing: 20, layers: ['photogrammetry', 'buildings', 'facilities', 'walkways'] },
  { key: 'liveable', zh: '山水宜居', en: 'Liveable environment', east: 0, north: 0, zoom: 16.4, pitch: 50, bearing: -30, layers: ['photogrammetry', 'buildings', 'devices', 'alerts'] },
  { key: 'mobility', zh: '立体畅行', en: 'Mobility', east: 0, north: 60, zoom: 16.6, pitch: 45, bearing: 0, layers: ['photogrammetry', 'parking', 'walkways', 'facilities'] },
  { key: 'health', zh: '健康颐养', en: 'Health and elderly care', east: -90, north: -60, zoom: 17.6, pitch: 55, bearing: 30, layers: ['photogrammetry', 'buildings', 'facilities', 'walkways', 'alerts'] },
  { key: 'education', zh: '全龄教育', en: 'All-age education', east: 60, north: -60, zoom: 17.6, pitch: 55, bearing: -30, layers: ['photogrammetry', 'buildings', 'facilities', 'walkways'] },
  { key: 'innovation', zh: '创新创业', en: 'Innovation and jobs', east: -35, north: -120, zoom: 17.8, pitch: 50, bearing: 10, layers: ['photogrammetry', 'buildings', 'facilities'] },
  { key: 'vitality', zh: '多元活力', en: 'Vitality', east: 245, north: -100, zoom: 17.4, pitch: 50, bearing: -15, layers: ['photogrammetry', 'buildings', 'facilities', 'walkways', 'devices'] },
  { key: 'safety', zh: '安全韧性', en: 'Safety and resilience', east: 0, north: 0, zoom: 16.1, pitch: 40, bearing: 0, layers: ['photogrammetry', 'buildings', 'pipes', 'devices', 'alerts'] },
];

/** The preset of a key; every key has one (test/tours/tour-vocabulary.test.ts). */
export function presetOf(key: string): ScenePreset | undefined {
  return SCENE_PRESETS.find((p) => p.key === key);
}
