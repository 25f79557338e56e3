/** Colours the family descriptors share (RGBA 0–255), so a level looks the same on every layer. */
import type { Rgba, ThresholdLevel } from './family-descriptor.ts';

/** Threshold levels and state levels on the twin: green, amber, red. */
export const LEVEL_COLOURS: Readonly<Record<ThresholdLevel, Rgba>> = {
  ok: [47, 214, 123, 255],
  warn: [245, 197, 66, 255],
  alarm: [255, 77, 79, 255],
};

/** An object with no reading yet: grey, so missing data never looks like a good reading. */
export const NO_DATA_COLOUR: Rgba = [120, 128, 140, 255];
