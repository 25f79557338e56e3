/**
 * A device's colour from its family's colour rule (the descriptor's `twin.colour`): a ramp over a
 * field, the worst threshold level, a state's colour, or a tag value's. The generic form of the
 * rules colour-rules.ts applies to the older layers, for families drawn by family-points-layer.ts.
 * A device with no reading is grey (NO_DATA_COLOUR): missing data never looks like a good reading.
 */
import { stateOf, type ColourRule, type ColourStop, type FamilyDescriptor, type Rgba as FamilyRgba } from '../../streams/families/index.ts';
import { LEVEL_COLOURS, NO_DATA_COLOUR } from '../../streams/families/palette.ts';
import { worstLevel } from '../../streams/families/thresholds.ts';
import type { Rgba } from './colour-rules.ts';

/** What the rule may read of one device: latest numbers (NaN when none), texts, and its tags. */
export interface DeviceReadings {
  value(field: string): number;
  text(field: string): string | undefined;
  tags: Readonly<Record<string, string | undefined>>;
}

/** The known value `value` of the family's tag `key`, if declared. */
const tagValue = (d: FamilyDescriptor, key: string, value: string | undefined) => d.tags.find((t) => t.key === key)?.values?.find((v) => v.value === value);

function copy(src: FamilyRgba, out: Rgba): Rgba {
  out[0] = src[0]; out[1] = src[1]; out[2] = src[2]; out[3] = src[3];
  return out;
}

/** Colour of `v` on a ramp of stops (interpolated between them, clamped at the ends), into `out`. */
export function rampColour(stops: readonly ColourStop[], v: number, out: Rgba): Rgba {
  if (!Number.isFinite(v)) return copy(NO_DATA_COLOUR, out);
  if (v <= stops[0].at) return copy(stops[0].colour, out);
  for (let i = 1; i < stops.length; i++) {
    if (v <= stops[i].at) {
      const a = stops[i - 1];
      const b = stops[i];
      const t = (v - a.at) / (b.at - a.at);
      for (let k = 0; k < 4; k++) out[k] = Math.round(a.colour[k] + (b.colour[k] - a.colour[k]) * t);
      return out;
    }
  }
  return copy(stops[stops.length - 1].colour, out);
}

/**
 * The colour `rule` paints a device of family `d` at `ms` (epoch ms, for night limits), into `out`
 * (no allocation on the tick). `perFloorArea` ramps need a building and are not handled here.
 */
export function familyColour(d: FamilyDescriptor, rule: ColourRule, r: DeviceReadings, ms: number, out: Rgba): Rgba {
  switch (rule.kind) {
    case 'ramp':
      return rampColour(rule.stops, r.value(rule.field) * (rule.factor ?? 1), out);
    case 'levels': {
      const level = worstLevel(d.measurement, (f) => r.value(f), ms);
      return copy(level ? LEVEL_COLOURS[level] : NO_DATA_COLOUR, out);
    }
    case 'state': {
      const field = d.fields.find((f) => f.key === rule.field);
      let value: string | undefined;
      if (field?.type === 'string') value = r.text(rule.field);
      else {
        const v = r.value(rule.field);
        value = Number.isNaN(v) ? undefined : field?.type === 'boolean' ? String(v >= 0.5) : String(v);
      }
      const state = value === undefined ? undefined : stateOf(d.measurement, rule.field, value);
      if (!state) return copy(NO_DATA_COLOUR, out);
      const calm = rule.calmTag && state.level === 'ok' ? tagValue(d, rule.calmTag, r.tags[rule.calmTag])?.colour : undefined;
      return copy(calm ?? state.colour ?? LEVEL_COLOURS[state.level], out);
    }
    case 'tag':
      return copy(tagValue(d, rule.tag, r.tags[rule.tag])?.colour ?? NO_DATA_COLOUR, out);
  }
}
