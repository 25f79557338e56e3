/**
 * Every data family the product ingests, stores and shows, and the lookups derived from their
 * descriptors once, at module load: the server's hot paths (ingest validation, rollups, summaries)
 * read Maps, never scan the descriptors.
 *
 * To add a family, add its descriptor file beside these and one line to `DESCRIPTORS` (README.md).
 */
import type { AlertTypeDescriptor, Bilingual, FamilyDescriptor, FieldDescriptor, FieldStateDescriptor } from './family-descriptor.ts';
import { ENERGY } from './energy.ts';
import { PARKING } from './parking.ts';
import { PARKING_SPACE } from './parking-space.ts';
import { PIPE } from './pipe.ts';
import { ENV } from './env.ts';
import { ALERT } from './alert.ts';
import { ALERT_EVENT } from './alert-event.ts';
import { ELEVATOR } from './elevator.ts';
import { UTILITY_METER } from './utility-meter.ts';
import { WASTE_BIN } from './waste-bin.ts';
import { FIRE_WATER } from './fire-water.ts';
import { CHILDCARE_SECURITY } from './childcare-security.ts';
import { ACCESS_CONTROL } from './access-control.ts';

export type * from './family-descriptor.ts';

/** The descriptors, in the order families are listed (API, legends, rule editor). */
const DESCRIPTORS = [
  ENERGY, PARKING, PARKING_SPACE, PIPE, ENV, ALERT, ALERT_EVENT,
  ELEVATOR, UTILITY_METER, WASTE_BIN, FIRE_WATER, CHILDCARE_SECURITY, ACCESS_CONTROL,
] as const;
type Declared = (typeof DESCRIPTORS)[number];

/** A family's measurement name. */
export type Family = Declared['measurement'];
/** Topics telemetry travels on (event families travel on `alert`). */
export type TelemetryTopic = Exclude<Extract<Declared, { readonly kind: 'telemetry' }>['topic'], undefined>;
type DeclaredAlertType = Extract<Declared, { readonly alertTypes: unknown }>['alertTypes'][number];
/** Alert types devices raise themselves (as `alert` points). */
export type DeviceAlertType = Extract<DeclaredAlertType, { readonly raisedBy: 'device' }>['type'];
/** Alert types only rules on a family's readings raise. */
export type RuleAlertTypeOfFamily = Extract<DeclaredAlertType, { readonly raisedBy: 'rule' }>['type'];

/** Descriptor by measurement. */
export const MEASUREMENTS: Readonly<Record<Family, FamilyDescriptor>> = Object.fromEntries(DESCRIPTORS.map((d) => [d.measurement, d])) as unknown as Record<Family, FamilyDescriptor>;
export const FAMILIES: readonly Family[] = DESCRIPTORS.map((d) => d.measurement);

/** The tags every series must carry to be placed in the hierarchy. */
export const PLACEMENT_TAGS = ['community', 'neighbourhood'] as const;

export function isFamily(name: string): name is Family {
  return FIELD_MAPS.has(name);
}

export function familyOf(measurement: string): FamilyDescriptor | undefined {
  return isFamily(measurement) ? MEASUREMENTS[measurement] : undefined;
}

const FIELD_MAPS = new Map<string, ReadonlyMap<string, FieldDescriptor>>(
  DESCRIPTORS.map((d) => [d.measurement, new Map<string, FieldDescriptor>(d.fields.map((f) => [f.key, f]))]),
);

/** A family field's descriptor, or undefined for a field (or measurement) no family declares. One Map lookup each. */
export function fieldDef(measurement: string, field: string): FieldDescriptor | undefined {
  return FIELD_MAPS.get(measurement)?.get(field);
}

/** Field keys of a family, in declared order (empty for an unknown measurement). */
export function fieldKeys(measurement: string): readonly string[] {
  return familyOf(measurement)?.fields.map((f) => f.key) ?? [];
}

/** Tag keys of a family, in canonical order (empty for an unknown measurement). */
export function tagKeys(measurement: string): readonly string[] {
  return TAG_KEYS.get(measurement) ?? [];
}
const TAG_KEYS = new Map<string, readonly string[]>(DESCRIPTORS.map((d) => [d.measurement, d.tags.map((t) => t.key)]));

const DEVICE_TAGS = new Map<string, string>();
for (const d of DESCRIPTORS as readonly FamilyDescriptor[]) {
  const device = d.tags.filter((t) => t.role === 'device');
  if (device.length > 1) throw new Error(`families: ${d.measurement} declares ${device.length} device tags (${device.map((t) => t.key).join(', ')}); at most one`);
  if (d.tags[0]?.key !== PLACEMENT_TAGS[0] || d.tags[1]?.key !== PLACEMENT_TAGS[1]) {
    throw new Error(`families: ${d.measurement} must start its tags with ${PLACEMENT_TAGS.join(', ')}; it starts with ${d.tags.slice(0, 2).map((t) => t.key).join(', ')}`);
  }
  if (device[0]) DEVICE_TAGS.set(d.measurement, device[0].key);
}

/**
 * The tag that names the device in a family's series (`meter` for energy, `sensor` for pipes),
 * the key of the twin's device registry; undefined for families that are not device readings
 * (alert_event) and for unknown measurements.
 */
export function deviceTagOf(measurement: string): string | undefined {
  return DEVICE_TAGS.get(measurement);
}

/** What a family's device is called (its device tag's label: 电表 / Meter), or undefined. */
export function deviceLabelOf(measurement: string): Bilingual | undefined {
  return familyOf(measurement)?.tags.find((t) => t.role === 'device')?.label;
}

/** Families whose devices the twin's registry binds (those with a device tag). */
export const DEVICE_FAMILIES = FAMILIES.filter((f) => DEVICE_TAGS.has(f));

const TOPICS_BY_FAMILY = new Map<string, string>(DESCRIPTORS.flatMap((d) => ('topic' in d && d.topic ? [[d.measurement, d.topic] as [string, string]] : [])));

/** Telemetry topics, in family order, each once. */
export const TELEMETRY_TOPICS: readonly TelemetryTopic[] = [
  ...new Set((DESCRIPTORS as readonly FamilyDescriptor[]).filter((d) => d.kind === 'telemetry' && d.topic).map((d) => d.topic as TelemetryTopic)),
];

/** The live topic a measurement's samples travel on, or undefined (not live, or not a family). */
export function familyTopic(measurement: string): string | undefined {
  return TOPICS_BY_FAMILY.get(measurement);
}

const NOT_SUMMARISED = new Set<string>((DESCRIPTORS as readonly FamilyDescriptor[]).filter((d) => d.summary === false).map((d) => d.measurement));

/** Whether node summaries total a measurement's fields (all but families declaring `summary: false`). */
export function inSummary(measurement: string): boolean {
  return !NOT_SUMMARISED.has(measurement);
}

/** Families alert rules may watch: telemetry, not device events nor the server's records. */
export const WATCHABLE_FAMILIES: readonly Family[] = DESCRIPTORS.filter((d) => d.kind === 'telemetry').map((d) => d.measurement);

/**
 * The fields a device reports, from its tag values (a drainage sensor has a level, no pressure):
 * the first tag value that lists fields decides; otherwise every field of the family.
 */
export function fieldsOfDevice(measurement: string, tags: Readonly<Record<string, string | undefined>>): readonly string[] {
  const d = familyOf(measurement);
  if (!d) return [];
  for (const t of d.tags) {
    const v = t.values?.find((x) => x.value === tags[t.key]);
    if (v?.fields) return v.fields;
  }
  return d.fields.map((f) => f.key);
}

/** A field's decimals: declared, else 1 for floats and 0 otherwise. */
export function fieldDigits(f: FieldDescriptor): number {
  return f.digits ?? (f.type === 'float' ? 1 : 0);
}

/** Units that are words rather than symbols (辆, 个), per language; symbols read the same in both. */
// No prototype: it is indexed with unit text, and `UNIT_WORDS.constructor` must be undefined.
export const UNIT_WORDS: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(
  (DESCRIPTORS as readonly FamilyDescriptor[]).flatMap((d) => d.fields.flatMap((f) => (f.unitLabel ? [[f.unit, f.unitLabel]] : []))),
)));

export { ENERGY, PARKING, PARKING_SPACE, PIPE, ENV, ALERT, ALERT_EVENT };
export { ELEVATOR, UTILITY_METER, WASTE_BIN, FIRE_WATER, CHILDCARE_SECURITY, ACCESS_CONTROL };
export { ELEVATOR_STATES, type ElevatorState } from './elevator.ts';
export { UTILITIES, type Utility } from './utility-meter.ts';
export { WASTE_CATEGORIES, type WasteCategory } from './waste-bin.ts';
export { DESCRIPTORS as FAMILY_DESCRIPTORS };
export { BUILDING_CATEGORIES, type BuildingCategory } from './energy.ts';
export { PIPE_NETWORKS, PIPE_STATUSES, type PipeNetwork, type PipeStatus } from './pipe.ts';

const STATES = new Map<string, FieldStateDescriptor>();
for (const d of DESCRIPTORS as readonly FamilyDescriptor[]) {
  for (const f of d.fields) for (const s of f.states ?? []) STATES.set(`${d.measurement}\n${f.key}\n${s.value}`, s);
}

/** A state of a family's state field (`pipe`, `status`, `leak`); booleans by `'true'` / `'false'`. */
export function stateOf(measurement: string, field: string, value: string | boolean): FieldStateDescriptor | undefined {
  return STATES.get(`${measurement}\n${field}\n${String(value)}`);
}

// Event families first: their devices (cameras, buttons, detectors) are what alerts are mostly about.
const ALERT_TYPE_LIST: readonly AlertTypeDescriptor[] = [
  ...(DESCRIPTORS as readonly FamilyDescriptor[]).filter((d) => d.kind === 'events'),
  ...(DESCRIPTORS as readonly FamilyDescriptor[]).filter((d) => d.kind !== 'events'),
].flatMap((d) => d.alertTypes ?? []);
{
  const seen = new Set<string>();
  for (const a of ALERT_TYPE_LIST) {
    if (seen.has(a.type)) throw new Error(`families: alert type "${a.type}" is declared by two families`);
    seen.add(a.type);
  }
}

/** Alert types devices raise, from every family's `alertTypes`. */
export const DEVICE_ALERT_TYPES = ALERT_TYPE_LIST.filter((a) => a.raisedBy === 'device').map((a) => a.type) as readonly DeviceAlertType[];
/** Alert types only rules on a family's readings raise. */
export const FAMILY_RULE_ALERT_TYPES = ALERT_TYPE_LIST.filter((a) => a.raisedBy === 'rule').map((a) => a.type) as readonly RuleAlertTypeOfFamily[];
/** Label of every declared alert type. */
export const FAMILY_ALERT_TYPE_LABELS: Readonly<Record<DeviceAlertType | RuleAlertTypeOfFamily, Bilingual>> = Object.fromEntries(
  ALERT_TYPE_LIST.map((a) => [a.type, a.label]),
) as Record<DeviceAlertType | RuleAlertTypeOfFamily, Bilingual>;
