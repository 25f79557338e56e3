/**
 * What colour live data paints on the twin. Pure functions of values, shared by the layers and
 * their legends, so a legend can never disagree with the picture. Colours are RGBA 0–255.
 */
import type { PipeStatus } from '../../streams/families/index.ts';
import type { Severity } from '../../streams/alerts.ts';

export type Rgba = [number, number, number, number];

/**
 * Energy intensity ramp, W per m² of floor area (kW/m² × 1000): residential towers run at a few
 * W/m², a busy public building at 20–40. Stops are the legend's ticks.
 */
export const INTENSITY_STOPS: readonly { wPerM2: number; colour: Rgba }[] = [
  { wPerM2: 0, colour: [38, 84, 150, 255] },
  { wPerM2: 3, colour: [40, 170, 200, 255] },
  { wPerM2: 6, colour: [90, 210, 120, 255] },
  { wPerM2: 10, colour: [245, 200, 60, 255] },
  { wPerM2: 16, colour: [250, 120, 50, 255] },
  { wPerM2: 25, colour: [230, 50, 60, 255] },
];

/** A building with no reading yet: grey, so missing data never looks like low consumption. */
export const NO_DATA: Rgba = [120, 128, 140, 255];

/** Colour for a load (kW) over a floor area (m²), into `out` (no allocation on the tick). */
export function intensityColour(loadKw: number, floorAreaM2: number, out: Rgba = [0, 0, 0, 255]): Rgba {
  if (!Number.isFinite(loadKw) || !(floorAreaM2 > 0)) return copy(NO_DATA, out);
  const w = (loadKw * 1000) / floorAreaM2;
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

export const SPACE_FREE: Rgba = [46, 214, 123, 230];
export const SPACE_OCCUPIED: Rgba = [240, 80, 80, 230];
export const SPACE_UNKNOWN: Rgba = [110, 120, 135, 160];

/** A parking space: 1 occupied, 0 free, NaN not reported. */
export function spaceColour(occupied: number): Rgba {
  return Number.isNaN(occupied) ? SPACE_UNKNOWN : occupied >= 0.5 ? SPACE_OCCUPIED : SPACE_FREE;
}

/** Free share of a lot → label colour: green with room, amber under 15 %, red when full. */
export function lotColour(occupied: number, capacity: number): Rgba {
  if (!(capacity > 0) || !Number.isFinite(occupied)) return SPACE_UNKNOWN;
  const free = (capacity - occupied) / capacity;
  return free <= 0 ? [240, 80, 80, 255] : free < 0.15 ? [245, 197, 66, 255] : [46, 214, 123, 255];
}

export const PIPE_NETWORK_COLOURS: Readonly<Record<string, Rgba>> = {
  water_supply: [62, 160, 255, 220],
  drainage: [150, 120, 90, 220],
  gas: [250, 200, 70, 220],
};

export const PIPE_STATUS_COLOURS: Readonly<Record<PipeStatus, Rgba>> = {
  normal: [47, 214, 123, 255],
  warning: [245, 197, 66, 255],
  fault: [255, 138, 61, 255],
  leak: [255, 77, 79, 255],
};

/** A pipe segment near a sensor takes the sensor's state; elsewhere its network's colour. */
export function pipeColour(network: string, status: PipeStatus | undefined): Rgba {
  if (status && status !== 'normal') return PIPE_STATUS_COLOURS[status];
  return PIPE_NETWORK_COLOURS[network] ?? [160, 160, 160, 200];
}

export const SEVERITY_COLOURS: Readonly<Record<Severity, Rgba>> = {
  critical: [255, 60, 60, 255],
  major: [255, 138, 61, 255],
  warning: [245, 197, 66, 255],
  info: [95, 168, 255, 255],
};

/** Walkway environment thresholds (GB 3095 PM2.5 24 h grade II: 75 µg/m³; noise 60 dB daytime class 2). */
export const ENV_LIMITS = { pm25_ugm3: 75, noise_db: 60, temperature_c: 35 } as const;

export function envColour(pm25: number, noiseDb: number, temperatureC: number): Rgba {
  if ([pm25, noiseDb, temperatureC].every(Number.isNaN)) return SPACE_UNKNOWN;
  if (pm25 > ENV_LIMITS.pm25_ugm3 * 1.5 || temperatureC > ENV_LIMITS.temperature_c + 3) return [255, 77, 79, 255];
  if (pm25 > ENV_LIMITS.pm25_ugm3 || noiseDb > ENV_LIMITS.noise_db || temperatureC > ENV_LIMITS.temperature_c) return [245, 197, 66, 255];
  return [47, 214, 123, 255];
}

function copy(src: Rgba, out: Rgba): Rgba {
  out[0] = src[0]; out[1] = src[1]; out[2] = src[2]; out[3] = src[3];
  return out;
}
