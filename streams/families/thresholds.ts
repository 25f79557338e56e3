/**
 * Readings judged against their family's thresholds (the descriptors' one table): the walkway
 * panel, the twin's colours and their legends all call these, so they cannot disagree.
 */
import { isChinaNight } from '../china-time.ts';
import type { FamilyDescriptor, LevelLimits, ThresholdDescriptor, ThresholdLevel } from './family-descriptor.ts';
import { FAMILY_DESCRIPTORS } from './index.ts';

const BY_FIELD = new Map<string, ThresholdDescriptor>();
for (const d of FAMILY_DESCRIPTORS as readonly FamilyDescriptor[]) {
  for (const t of d.thresholds ?? []) {
    if (!d.fields.some((f) => f.key === t.field)) throw new Error(`families: ${d.measurement} has a threshold on "${t.field}", which is not one of its fields`);
    if (t.shareOf && !d.fields.some((f) => f.key === t.shareOf)) throw new Error(`families: ${d.measurement} threshold on "${t.field}" is a share of "${t.shareOf}", which is not one of its fields`);
    BY_FIELD.set(`${d.measurement}\n${t.field}`, t);
  }
}

const LEVEL_RANK: Readonly<Record<ThresholdLevel, number>> = { ok: 0, warn: 1, alarm: 2 };

/** The threshold on a family's field, if it has one. */
export function thresholdOf(measurement: string, field: string): ThresholdDescriptor | undefined {
  return BY_FIELD.get(`${measurement}\n${field}`);
}

/** The limits in force at `ms` (epoch ms): the night ones 22:00–06:00 China time where declared. */
export function limitsAt(t: ThresholdDescriptor, ms: number): LevelLimits {
  return t.night && isChinaNight(ms) ? t.night : t.limits;
}

/** A value (or share) against a threshold at `ms`; NaN is `ok` (nothing to alarm about, shown as a dash). */
export function levelOf(t: ThresholdDescriptor, value: number, ms: number): ThresholdLevel {
  if (!Number.isFinite(value)) return 'ok';
  const { warn, alarm } = limitsAt(t, ms);
  if (t.direction === 'below') return value <= alarm ? 'alarm' : value <= warn ? 'warn' : 'ok';
  return value >= alarm ? 'alarm' : value >= warn ? 'warn' : 'ok';
}

/** Level of one reading of a family's field at `ms`; `ok` for a field without a threshold. */
export function fieldLevel(measurement: string, field: string, value: number, ms: number): ThresholdLevel {
  const t = thresholdOf(measurement, field);
  return t ? levelOf(t, value, ms) : 'ok';
}

/**
 * The worst level of one device's readings over its family's thresholds at `ms`. `read(field)`
 * gives the device's latest value of a field (NaN when none); a share threshold reads both fields.
 * Returns undefined when the device has no reading of any judged field (no data, not "ok").
 */
export function worstLevel(measurement: string, read: (field: string) => number, ms: number): ThresholdLevel | undefined {
  const ths = THRESHOLDS_OF.get(measurement);
  if (!ths) return undefined;
  let worst: ThresholdLevel | undefined;
  for (const t of ths) {
    const v = read(t.field);
    if (Number.isNaN(v)) continue;
    const x = t.shareOf ? v / read(t.shareOf) : v;
    const level = Number.isFinite(x) ? levelOf(t, x, ms) : undefined;
    if (level && (!worst || LEVEL_RANK[level] > LEVEL_RANK[worst])) worst = level;
  }
  return worst;
}

const THRESHOLDS_OF = new Map<string, readonly ThresholdDescriptor[]>(
  (FAMILY_DESCRIPTORS as readonly FamilyDescriptor[]).filter((d) => d.thresholds?.length).map((d) => [d.measurement, d.thresholds!]),
);
