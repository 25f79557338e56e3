/**
 * What a data family is, declared once as data (in the manner of deck.gl's `defaultProps`): its
 * measurement, tags, fields, units, labels, thresholds and the standards they come from, the live
 * topic it travels on, and how it looks on the twin, on an object card and in the cockpit.
 *
 * One descriptor per file in this folder; `index.ts` lists them and derives every lookup the
 * server, the client and the simulator use (see README.md). Nothing here imports anything: the
 * descriptors are plain data that every layer may read.
 */

/** A name in both languages of the product, Chinese first. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** Line protocol field types, as InfluxDB enforces them (one type per measurement and field). */
export type FieldType = 'float' | 'integer' | 'boolean' | 'string';

/**
 * How a field's latest values combine across series when a hierarchy node is totalled (the live
 * summaries, the cockpit's figures): `sum` (loads, counts), `mean` (pressures, temperatures),
 * `max` (levels, the worst reading counts), `min` (where low is worst: a fire tank's level),
 * `none` (not totalled: states, ids, texts).
 */
export type Rollup = 'sum' | 'mean' | 'min' | 'max' | 'none';

/** RGBA, 0–255 each. */
export type Rgba = readonly [number, number, number, number];

/** A reading against its thresholds, in order of gravity: within, at or past the first level, at or past the second. */
export type ThresholdLevel = 'ok' | 'warn' | 'alarm';

/**
 * - `telemetry`: devices report readings periodically (or on change); they travel on a telemetry
 *   topic, are coalesced live, and alert rules may watch them.
 * - `events`: every point is an event a device raised (safety alerts); events skip live
 *   coalescing and become alerts.
 * - `records`: points the server writes about its own work (the alert lifecycle); no device.
 */
export type FamilyKind = 'telemetry' | 'events' | 'records';

/**
 * What a tag says about a series:
 * - `placement`: where it sits in the hierarchy (`community`, `neighbourhood`); every family has both;
 * - `device`: the id of the device, the key of the twin's device registry (at most one per family);
 * - `place`: a twin object the device belongs to or sits on (building, lot, walkway, network);
 * - `attribute`: a property of the series (category, kind, severity, state).
 */
export type TagRole = 'placement' | 'device' | 'place' | 'attribute';

/** One known value of a tag (a pipe network, a building use, an alert severity). */
export interface TagValueDescriptor {
  readonly value: string;
  readonly label: Bilingual;
  /** Colour of objects with this value on the twin (a pipe by its network). Default: none. */
  readonly colour?: Rgba;
  /**
   * Fields a device with this tag value reports, when not all of the family's (drainage sensors
   * have a level and no pressure). Default: every field of the family.
   */
  readonly fields?: readonly string[];
}

export interface TagDescriptor {
  /** Tag key as written in line protocol. */
  readonly key: string;
  readonly role: TagRole;
  readonly label: Bilingual;
  /**
   * The values the product knows, in display order (the cockpit's rows, the legend). Other values
   * are accepted and shown as they are. Default: open (any value).
   */
  readonly values?: readonly TagValueDescriptor[];
}

/** One value of a state field (a string field, or a boolean's `true` / `false`), in order of gravity. */
export interface FieldStateDescriptor {
  /** The stored value; for a boolean field `'true'` or `'false'`. */
  readonly value: string;
  readonly label: Bilingual;
  /** How grave the state is: what the twin and the cockpit make of it. */
  readonly level: ThresholdLevel;
  /** Colour of the object on the twin in this state. Default: the colour of its level. */
  readonly colour?: Rgba;
}

export interface FieldDescriptor {
  /** Field key as written in line protocol. */
  readonly key: string;
  readonly type: FieldType;
  /**
   * Unit symbol shown next to every value (kW, kPa, m³/h, °C, µg/m³, dB); '' for states, ids and
   * plain numbers. Symbols read the same in both languages.
   */
  readonly unit: string;
  /** For a unit that is a word rather than a symbol (辆, 个): its form in each language. Default: the symbol. */
  readonly unitLabel?: Bilingual;
  readonly label: Bilingual;
  readonly rollup: Rollup;
  /** Decimals shown on cards and panels. Default 1 for floats, 0 for integers and booleans. */
  readonly digits?: number;
  /** The values of a state field (string, or boolean), in order of gravity. Default: free text. */
  readonly states?: readonly FieldStateDescriptor[];
}

/** A standard a threshold comes from, so a number on screen can be traced to its source. */
export interface StandardRef {
  /** Its code, e.g. `GB 3095-2012`; for the product's own operating levels, `product`. */
  readonly code: string;
  readonly title: Bilingual;
  /** What in it the numbers are, e.g. "24-hour mean, grade I and grade II limits". */
  readonly clause: string;
}

/** Threshold levels: a reading at or past `warn` is `warn`, at or past `alarm` is `alarm`. */
export interface LevelLimits {
  readonly warn: number;
  readonly alarm: number;
}

/**
 * Two levels for one field, with the standard behind them. Levels compare "at or past": a reading
 * at the limit already warns, so a wall screen shows the edge before it is crossed.
 */
export interface ThresholdDescriptor {
  readonly field: string;
  /**
   * `above`: high readings are bad (PM2.5, noise); `below`: low ones are (a tank's level).
   * Default `above`.
   */
  readonly direction?: 'above' | 'below';
  /**
   * Judge `field` as a share of this field of the same device (occupied of capacity), 0–1, instead
   * of its value. Default: the value itself, in the field's unit.
   */
  readonly shareOf?: string;
  /** Limits in the field's unit (or as a share), by day or all day. */
  readonly limits: LevelLimits;
  /**
   * Limits at night, 22:00–06:00 China time, where the standard has them (GB 3096-2008's night is
   * 22:00 to 06:00). Default: `limits` all day.
   */
  readonly night?: LevelLimits;
  readonly standard: StandardRef;
}

/** A colour stop of a ramp: values at `at` get `colour`; values between stops are interpolated. */
export interface ColourStop {
  readonly at: number;
  readonly colour: Rgba;
}

/**
 * How live data paints a family's objects on the twin, as data. Objects with no reading are
 * always `NO_DATA_COLOUR` (palette.ts): missing data never looks like a good reading.
 */
export type ColourRule =
  /**
   * A ramp over one field, interpolated between stops (legend ticks). With `perFloorArea`, the value
   * is divided by the building's floor area in m² and multiplied by `factor` (kW → W/m²: 1000).
   */
  | { readonly kind: 'ramp'; readonly field: string; readonly perFloorArea?: boolean; readonly factor?: number; readonly unit: string; readonly stops: readonly ColourStop[] }
  /** The worst threshold level of the family's thresholds on the object's readings → the level colour. */
  | { readonly kind: 'levels' }
  /**
   * A state field: its state's colour (`FieldStateDescriptor.colour`, else its level's). With
   * `calmTag`, an object in an `ok` state takes the colour of that tag's value instead (a pipe in
   * normal state is drawn in its network's colour; only trouble overrides it).
   */
  | { readonly kind: 'state'; readonly field: string; readonly calmTag?: string }
  /** Colour by a tag's value (`TagValueDescriptor.colour`), e.g. alerts by severity. */
  | { readonly kind: 'tag'; readonly tag: string };

/**
 * The twin objects devices of this family are, and the layer that draws them. `kind` is the
 * object kind picking reports and the card is chosen by.
 */
export interface TwinLook {
  /** Object kind on the twin (`building`, `lot`, `space`, `pipe-sensor`, `sensor`, `alert`, …). */
  readonly object: string;
  /** The layer toggle that shows or hides it (`buildings`, `parking`, `pipes`, `devices`, `alerts`). */
  readonly layer: string;
  /**
   * What a device of the family is bound to in the twin's registry: a GIS feature, or a BIM element
   * of a building (and so a floor, through the element's storey). Default `['feature']`.
   */
  readonly binding?: readonly ('feature' | 'element')[];
  readonly colour?: ColourRule;
}

/** One row of an object card: a field's latest value with its unit. */
export interface CardRow {
  readonly field: string;
  /** Decimals. Default: the field's `digits`. */
  readonly digits?: number;
  /**
   * Show `of − field` instead (free spaces: capacity − occupied), labelled `label`, in `of`'s unit.
   * Default: the field's own value.
   */
  readonly remainderOf?: string;
  /** Row label. Default: the field's label. */
  readonly label?: Bilingual;
}

export interface CardLook {
  /** Rows in order; rows of fields a device does not report (by its tag values) are left out. */
  readonly rows: readonly CardRow[];
  /**
   * Fields for the card's 24-hour sparkline, in order of preference: the first one the device
   * reports is drawn. Default: none.
   */
  readonly spark?: readonly string[];
}

/** A figure in the cockpit: a field totalled over the watched node by its rollup rule. */
export interface CockpitFigure {
  readonly field: string;
  /** Decimals. Default: the field's `digits`. */
  readonly digits?: number;
  /** Drawn large, as a panel's headline. Default false. */
  readonly hero?: boolean;
  /** Figure label. Default: the field's label. */
  readonly label?: Bilingual;
  /**
   * Count devices instead of totalling the field: those whose `field` is in `state` (lifts with a
   * passenger trapped), or whose reading is at or past the level `level` of the family's threshold
   * on `field` (bins 80 % full). Counted from the node's live telemetry, so shown where telemetry
   * flows (communities and neighbourhoods). Default: the total by the field's rollup.
   */
  readonly count?: { readonly state: string } | { readonly level: Exclude<ThresholdLevel, 'ok'> };
}

/** An alert type the family's devices raise, or rules on its readings raise. */
export interface AlertTypeDescriptor {
  /** Stored as the `type` tag of `alert` points and in alert records. */
  readonly type: string;
  readonly label: Bilingual;
  /** `device`: the devices report it themselves (as `alert` points); `rule`: only alert rules raise it. */
  readonly raisedBy: 'device' | 'rule';
}

export interface FamilyDescriptor {
  /** Measurement name in line protocol, the stores and the API. Lower case, `_` between words. */
  readonly measurement: string;
  readonly label: Bilingual;
  readonly kind: FamilyKind;
  /**
   * Tags in canonical order. The first two are always the placement tags `community` and
   * `neighbourhood`; at most one has the role `device`.
   */
  readonly tags: readonly TagDescriptor[];
  readonly fields: readonly FieldDescriptor[];
  /**
   * Typical reporting interval of one device, seconds (real time, before the simulator's
   * acceleration); 0 for families reported on events only.
   */
  readonly intervalS: number;
  /** Threshold levels of its readings. Default none. */
  readonly thresholds?: readonly ThresholdDescriptor[];
  /**
   * The live topic its samples travel on (rooms `${node}/${topic}`); several families may share one
   * (lots and spaces travel on `parking`). Event families travel on `alert`. Default: not live.
   */
  readonly topic?: string;
  /** Whether node summaries total its fields (by their rollup rule). Default true; false for per-space detail. */
  readonly summary?: boolean;
  /** How its devices appear on the twin. Default: not drawn. */
  readonly twin?: TwinLook;
  /** The object card of one of its devices. Default: no live rows. */
  readonly card?: CardLook;
  /** Figures the cockpit shows for it, in order. Default none. */
  readonly cockpit?: readonly CockpitFigure[];
  /** Alert types its devices raise, or rules on it raise. Default none. */
  readonly alertTypes?: readonly AlertTypeDescriptor[];
}

/**
 * Declares a family. The `const` type parameter keeps the literal names (measurement, topic, field
 * keys), so the family names and topics derived in index.ts are exact unions, not `string`.
 */
export function defineFamily<const D extends FamilyDescriptor>(descriptor: D): D {
  return descriptor;
}

/** The known values of a descriptor's tag `K` as a union (`string` when the tag is open). */
export type TagValueOf<D extends FamilyDescriptor, K extends string> =
  Extract<D['tags'][number], { readonly key: K }> extends { readonly values: readonly { readonly value: infer V }[] } ? V : string;

/** The states of a descriptor's state field `F` as a union (`string` when it is free text). */
export type StateOf<D extends FamilyDescriptor, F extends string> =
  Extract<D['fields'][number], { readonly key: F }> extends { readonly states: readonly { readonly value: infer V }[] } ? V : string;

/** The known values of a tag, in declared order. */
export function tagValueList<D extends FamilyDescriptor, K extends string>(d: D, key: K): readonly TagValueOf<D, K>[] {
  return (d.tags.find((t) => t.key === key)?.values ?? []).map((v) => v.value as TagValueOf<D, K>);
}

/** The states of a state field, in order of gravity. */
export function stateList<D extends FamilyDescriptor, F extends string>(d: D, field: F): readonly StateOf<D, F>[] {
  return (d.fields.find((f) => f.key === field)?.states ?? []).map((s) => s.value as StateOf<D, F>);
}
