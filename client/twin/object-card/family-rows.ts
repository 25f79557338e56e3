/**
 * A device's live rows on a card, from its family's `card` declaration (streams/families): shared
 * by the object card, the building card's bound devices and the building detail.
 */
import type { LiveData } from '../../live/live-store.ts';
import { deviceTagOf, fieldDef, fieldDigits, fieldsOfDevice, type Family, type FamilyDescriptor } from '../../../streams/families/index.ts';
import { stateLabel, unitText } from '../../i18n/labels.ts';
import type { TwinSceneData } from '../scene/scene-data.ts';
import { tw } from '../twin-words.ts';

export interface Row { label: string; value: string; unit: string }
export interface Spark { query: string; unit: string }

export const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/**
 * The live rows and sparkline of a device's card, from its family's `card` declaration: rows of
 * fields the device does not report (by its tag values: a drainage sensor has no pressure) are
 * left out; the sparkline draws the first declared field it reports.
 */
export function familyRows(f: FamilyDescriptor, device: string, tags: Record<string, string | undefined>, scene: TwinSceneData, data: LiveData, lang: 'zh' | 'en'): { rows: Row[]; spark?: Spark } {
  const reported = new Set(fieldsOfDevice(f.measurement, tags));
  const m = f.measurement as Family;
  const rows: Row[] = [];
  for (const row of f.card?.rows ?? []) {
    if (!reported.has(row.field) || (row.remainderOf && !reported.has(row.remainderOf))) continue;
    const def = fieldDef(m, row.field)!;
    const label = (row.label ?? def.label)[lang];
    const digits = row.digits ?? fieldDigits(def);
    if (row.remainderOf) {
      const of = fieldDef(m, row.remainderOf)!;
      rows.push({ label, value: fmt(scene.value(data, m, device, row.remainderOf) - scene.value(data, m, device, row.field), digits), unit: unitText(of.unit, lang) });
    } else if (def.type === 'string') {
      const text = scene.text(data, device, m, row.field);
      rows.push({ label, value: text === undefined ? tw('noData', lang) : stateLabel(m, row.field, text, lang), unit: '' });
    } else if (def.states) {
      const v = scene.value(data, m, device, row.field);
      rows.push({ label, value: Number.isNaN(v) ? tw('noData', lang) : stateLabel(m, row.field, def.type === 'boolean' ? v >= 0.5 : String(v), lang), unit: '' });
    } else {
      rows.push({ label, value: fmt(scene.value(data, m, device, row.field), digits), unit: unitText(def.unit, lang) });
    }
  }
  const sparkField = f.card?.spark?.find((k) => reported.has(k));
  const deviceTag = deviceTagOf(m);
  const spark = sparkField && deviceTag && device
    ? { query: `measurement=${m}&field=${sparkField}&tag.${deviceTag}=${encodeURIComponent(device)}`, unit: unitText(fieldDef(m, sparkField)!.unit, lang) }
    : undefined;
  return { rows, spark };
}
