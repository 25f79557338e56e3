/**
 * The devices bound to a building's BIM elements by the families with a card (lifts, water and
 * gas meters, the fire tank, the childcare sites' alarm panels) and their live rows: one headline
 * row each on the building's card, and every row of each on the building detail's element card.
 * The energy meter is not among them: its rows lead the building card.
 */
import { ENERGY, FAMILY_DESCRIPTORS, deviceTagOf, fieldDef, fieldsOfDevice, type FamilyDescriptor } from '../../../streams/families/index.ts';
import type { TwinManifest } from '../../../twin-models/manifest/manifest-types.ts';
import type { LiveData } from '../../live/live-store.ts';
import type { TwinSceneData } from '../scene/scene-data.ts';
import { familyRows, type Row } from './family-rows.ts';

const BOUND_FAMILIES: readonly FamilyDescriptor[] = (FAMILY_DESCRIPTORS as readonly FamilyDescriptor[])
  .filter((d) => d.card && d.measurement !== ENERGY.measurement && d.twin?.binding?.includes('element'));

export interface BoundDevice {
  family: FamilyDescriptor;
  id: string;
}

/** The building's bound devices, family by family in descriptor order, each family's in registry order. */
export function boundDevices(manifest: Pick<TwinManifest, 'devices'>, building: string): BoundDevice[] {
  return BOUND_FAMILIES.flatMap((family) => manifest.devices
    .filter((d) => d.measurement === family.measurement && 'building' in d.binding && d.binding.building === building)
    .map((d) => ({ family, id: d.id })));
}

/** A device's tags as its live series carry them (which fields it reports depends on them); {} before any arrives. */
function liveTags(data: LiveData, family: FamilyDescriptor, device: string): Record<string, string> {
  const tag = deviceTagOf(family.measurement);
  for (const s of data.schema.values()) if (s.measurement === family.measurement && tag && s.tags[tag] === device) return s.tags;
  return {};
}

/**
 * One row per bound device: its card's first row. A state reads under the family's name (电梯:
 * 正常运行), a number under its field's (用水流量 1.2 m³/h); devices sharing a label are numbered.
 */
export function boundDeviceRows(scene: TwinSceneData, data: LiveData, building: string, lang: 'zh' | 'en'): Row[] {
  const heads = boundDevices(scene.model.manifest, building).map(({ family, id }) => {
    const tags = liveTags(data, family, id);
    const row = familyRows(family, id, tags, scene, data, lang).rows[0];
    if (!row) return undefined;
    // The same first row familyRows kept: the first card row of a field the device reports.
    const reported = new Set(fieldsOfDevice(family.measurement, tags));
    const def = fieldDef(family.measurement, family.card!.rows.find((r) => reported.has(r.field))!.field);
    const isState = def?.type === 'string' || def?.type === 'boolean';
    return { ...row, label: isState ? family.label[lang] : row.label };
  }).filter((r): r is Row => r !== undefined);
  const count = new Map<string, number>();
  for (const r of heads) count.set(r.label, (count.get(r.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return heads.map((r) => {
    if (count.get(r.label)! < 2) return r;
    const k = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, k);
    return { ...r, label: `${r.label} ${k}` };
  });
}

/** Every live row of each bound device as one line (正常运行 · 12 · 关闭 · 8,345 h), by device id. */
export function boundDeviceTexts(scene: TwinSceneData, data: LiveData, building: string, lang: 'zh' | 'en'): Map<string, string> {
  const out = new Map<string, string>();
  for (const { family, id } of boundDevices(scene.model.manifest, building)) {
    const rows = familyRows(family, id, liveTags(data, family, id), scene, data, lang).rows;
    out.set(id, rows.map((r) => `${r.label} ${r.value}${r.unit ? ` ${r.unit}` : ''}`).join(' · '));
  }
  return out;
}
