/**
 * What colour live data paints on the twin. The rules are data in the family descriptors
 * (streams/families: each family's `twin.colour`, its thresholds, tag and state colours); these
 * are the pure functions that apply them, shared by the layers and their legends, so a legend can
 * never disagree with the picture, nor the twin with the cockpit's panels. Colours are RGBA 0–255.
 */
import { ALERT, ENERGY, PARKING, PARKING_SPACE, PIPE, stateOf, type ColourStop, type Rgba as FamilyRgba } from '../../streams/families/index.ts';
import { LEVEL_COLOURS, NO_DATA_COLOUR } from '../../streams/families/palette.ts';
import { worstLevel } from '../../streams/families/thresholds.ts';
import type { PipeStatus } from '../../streams/families/index.ts';
import type { Severity } from '../../streams/alerts.ts';

export type Rgba = [number, number, number, number];

const rgba = (c: FamilyRgba): Rgba => [c[0], c[1], c[2], c[3]];

const ramp = ENERGY.twin.colour;
/**
 * Energy intensity ramp, W per m² of floor area (kW/m² × 1000), from the energy descriptor. Stops
 * are the legend's ticks.
 */
export const INTENSITY_STOPS: readonly { wPerM2: number; colour: Rgba }[] = ramp.stops.map((s: ColourStop) => ({ wPerM2: s.at, colour: rgba(s.colour) }));

/** A building with no reading yet: grey, so missing data never looks like low consumption. */
const NO_DATA: Rgba = rgba(NO_DATA_COLOUR);

/** Colour for a load (kW) over a floor area (m²), into `out` (no allocation on the tick). */
export function intensityColour(loadKw: number, floorAreaM2: number, out: Rgba = [0, 0, 0, 255]): Rgba {
  if (!Number.isFinite(loadKw) || !(floorAreaM2 > 0)) return copy(NO_DATA, out);
  const w = (loadKw * ramp.factor) / floorAreaM2;
  const stops = INTENSITY_STOPS;
  if (w <= stops[0].wPerM2) return copy(stops[0].colour, out);
  for (let i = 1; i < stops.length; i++) {
    if (w <= stops[i].wPerM2) {
      const a = stops[i - 1];
      const b = stops[i];
      const t = (w - a.wPerM2) / (b.wPerM2 - a.wPerM2);
      for (let k = 0; k < 3; k++) out[k] = Math.round(a.colour[k] + (b.colour[k] - a.colour[k]) * t);
      out[3] = 255;
      return out;
    }
  }
  return copy(stops[stops.length - 1].colour, out);
}

const SPACE_FREE: Rgba = rgba(stateOf(PARKING_SPACE.measurement, 'occupied', false)!.colour!);
const SPACE_OCCUPIED: Rgba = rgba(stateOf(PARKING_SPACE.measurement, 'occupied', true)!.colour!);
/** A small marker with no reading: grey and translucent. */
const SPACE_UNKNOWN: Rgba = [110, 120, 135, 160];

/** A parking space: 1 occupied, 0 free, NaN not reported. */
export function spaceColour(occupied: number): Rgba {
  return Number.isNaN(occupied) ? SPACE_UNKNOWN : occupied >= 0.5 ? SPACE_OCCUPIED : SPACE_FREE;
}

const LEVEL: Readonly<Record<keyof typeof LEVEL_COLOURS, Rgba>> = {
  ok: rgba(LEVEL_COLOURS.ok), warn: rgba(LEVEL_COLOURS.warn), alarm: rgba(LEVEL_COLOURS.alarm),
};

/** A lot by its occupancy share against the parking thresholds: green with room, amber nearly full, red full. */
export function lotColour(occupied: number, capacity: number, ms = Date.now()): Rgba {
  const level = worstLevel(PARKING.measurement, (f) => (f === 'capacity' ? capacity : f === 'occupied' ? occupied : NaN), ms);
  return level ? LEVEL[level] : SPACE_UNKNOWN;
}

/** Pipes by network, from the pipe descriptor's `network` tag values. */
const PIPE_NETWORK_COLOURS: Readonly<Record<string, Rgba>> = Object.fromEntries(
  PIPE.tags.flatMap((t) => ('values' in t ? t.values : [])).map((v) => [v.value, rgba(v.colour)]),
);

/** Pipe sensor states, from the pipe descriptor's `status` states (their colour, else their level's). */
const PIPE_STATUS_COLOURS: Readonly<Record<PipeStatus, Rgba>> = Object.fromEntries(
  PIPE.fields.flatMap((f) => ('states' in f ? f.states : [])).map((s) => [s.value, 'colour' in s ? rgba(s.colour) : LEVEL[s.level]]),
) as Record<PipeStatus, Rgba>;

/** A pipe segment near a sensor takes the sensor's state; elsewhere (and in a calm state) its network's colour. */
export function pipeColour(network: string, status: PipeStatus | undefined): Rgba {
  if (status && stateOf(PIPE.measurement, 'status', status)?.level !== 'ok') return PIPE_STATUS_COLOURS[status] ?? LEVEL.warn;
  return PIPE_NETWORK_COLOURS[network] ?? [160, 160, 160, 200];
}

/** Alert markers by severity, from the alert descriptor's `severity` tag values. */
export const SEVERITY_COLOURS: Readonly<Record<Severity, Rgba>> = Object.fromEntries(
  ALERT.tags.flatMap((t) => ('values' in t ? t.values : [])).map((v) => [v.value, rgba(v.colour)]),
) as Record<Severity, Rgba>;

/**
 * A device by the worst level of its readings against its family's thresholds at `ms` (the same
 * table and function as the cockpit's panels): green, amber or red; grey with no reading.
 * `read(field)` gives the device's latest value of a field (NaN when none).
 */
export function levelColour(measurement: string, read: (field: string) => number, ms: number): Rgba {
  const level = worstLevel(measurement, read, ms);
  return level ? LEVEL[level] : SPACE_UNKNOWN;
}

function copy(src: Rgba, out: Rgba): Rgba {
  out[0] = src[0]; out[1] = src[1]; out[2] = src[2]; out[3] = src[3];
  return out;
}
