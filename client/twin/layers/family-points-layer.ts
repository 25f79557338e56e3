/**
 * GIS-bound devices of the families no older layer draws (waste bins at their collection points,
 * the gates' access controllers): one ScatterplotLayer per family, each device coloured on the
 * live tick by its family's colour rule (family-colour.ts), shown with the family's layer toggle.
 *
 * Props as data, as deck.gl layers take them: the items are built once per twin; on a tick only
 * the colour buffer is rewritten and `updateTriggers` keyed on the live revision refresh it.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { FAMILY_DESCRIPTORS, deviceTagOf, type Family, type FamilyDescriptor } from '../../../streams/families/index.ts';
import type { LiveData } from '../../live/live-store.ts';
import type { TwinModel } from '../twin-model.ts';
import { familyColour, type DeviceReadings } from '../family-colour.ts';
import type { Rgba } from '../colour-rules.ts';

/** Twin objects the scene draws with layers of their own (twin-scene.ts). */
const DRAWN_ELSEWHERE = new Set(['building', 'lot', 'space', 'pipe-sensor', 'sensor', 'alert']);

/** Families drawn here: a twin look bound to GIS features, of an object no other layer draws. */
export const POINT_FAMILIES: readonly FamilyDescriptor[] = (FAMILY_DESCRIPTORS as readonly FamilyDescriptor[])
  .filter((d) => d.twin && !DRAWN_ELSEWHERE.has(d.twin.object) && (d.twin.binding ?? ['feature']).includes('feature'));

/** Layer id of a family's points (`family-waste_bin`), and the object kind a pick of it reports. */
export const familyLayerId = (d: FamilyDescriptor): string => `family-${d.measurement}`;
export const FAMILY_POINT_PICK_KIND: Readonly<Record<string, string>> = Object.fromEntries(POINT_FAMILIES.map((d) => [familyLayerId(d), d.twin!.object]));

export interface FamilyPoint {
  id: string;
  name: string;
  kind: string;
  neighbourhood?: string;
  position: [number, number, number];
}

interface FamilyGroup {
  d: FamilyDescriptor;
  items: FamilyPoint[];
  /** RGBA per item, rewritten on each tick. */
  colours: Uint8ClampedArray;
}

/** Reads a device's latest value or text (the scene's live index). */
export interface FamilyLiveReader {
  value(data: LiveData, measurement: Family, device: string, field: string): number;
  text(data: LiveData, device: string, measurement: Family, field: string): string | undefined;
}

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});
/** A family without a colour rule: its devices are drawn plain. */
const PLAIN: Rgba = [200, 210, 225, 230];

/** The readings of the device it points at (set per device by `FamilyPoints.update`). */
class DeviceReader implements DeviceReadings {
  data!: LiveData;
  live!: FamilyLiveReader;
  measurement!: Family;
  device = '';
  tags: Readonly<Record<string, string | undefined>> = NO_TAGS;
  value(field: string): number { return this.live.value(this.data, this.measurement, this.device, field); }
  text(field: string): string | undefined { return this.live.text(this.data, this.device, this.measurement, field); }
}

export class FamilyPoints {
  private readonly groups: FamilyGroup[];
  private readonly scratch: Rgba = [0, 0, 0, 255];
  /** Tags of each device, from the live schema (a tag colour rule reads them); filled as series appear. */
  private readonly tags = new Map<string, Record<string, string>>();
  private seen = -1;
  private readonly reader = new DeviceReader();

  constructor(model: TwinModel, families: readonly FamilyDescriptor[] = POINT_FAMILIES) {
    this.groups = families.map((d) => {
      const items: FamilyPoint[] = [];
      for (const dev of model.manifest.devices) {
        if (dev.measurement !== d.measurement || !('feature' in dev.binding)) continue;
        const f = model.feature(dev.binding.feature);
        if (!f || f.geometry.type !== 'Point') continue;
        const p = f.properties;
        const [lon, lat, h] = f.geometry.coordinates as number[];
        items.push({ id: dev.id, name: typeof p.name === 'string' ? p.name : p.name?.zh ?? dev.id, kind: d.twin!.object, neighbourhood: dev.neighbourhood, position: [lon, lat, (h ?? 0) + 1] });
      }
      return { d, items, colours: new Uint8ClampedArray(items.length * 4) };
    });
  }

  /** All devices drawn, for picking by id and the probe. */
  get items(): readonly FamilyPoint[] {
    return this.groups.flatMap((g) => g.items);
  }

  /** Recolours every device from live data (call when the live revision changed). */
  update(data: LiveData, live: FamilyLiveReader, ms = Date.now()): void {
    if (data.schema.size !== this.seen) {
      this.seen = data.schema.size;
      for (const s of data.schema.values()) {
        const tag = deviceTagOf(s.measurement);
        if (tag && s.tags[tag] !== undefined) this.tags.set(`${s.measurement}/${s.tags[tag]}`, s.tags);
      }
    }
    // One reader, pointed at each device in turn: nothing is allocated per device on the tick.
    const r = this.reader;
    r.data = data;
    r.live = live;
    for (const g of this.groups) {
      const rule = g.d.twin!.colour;
      r.measurement = g.d.measurement as Family;
      for (let i = 0; i < g.items.length; i++) {
        r.device = g.items[i].id;
        r.tags = this.tags.get(`${r.measurement}/${r.device}`) ?? NO_TAGS;
        g.colours.set(rule ? familyColour(g.d, rule, r, ms, this.scratch) : PLAIN, i * 4);
      }
    }
  }

  /**
   * One layer per family. `visible(layer)` says whether the family's layer toggle (its
   * descriptor's `twin.layer`, e.g. `devices`) is on; `revision` keys the colour refresh.
   */
  layers(visible: (layer: string) => boolean, revision: number): Layer[] {
    return this.groups.map((g) => new ScatterplotLayer<FamilyPoint>({
      id: familyLayerId(g.d), data: g.items, visible: visible(g.d.twin!.layer), pickable: true,
      radiusUnits: 'pixels', getRadius: 6, stroked: true, lineWidthMinPixels: 1.5,
      getPosition: (d) => d.position, getLineColor: [255, 255, 255, 220],
      getFillColor: (_d, { index }) => g.colours.subarray(index * 4, index * 4 + 4) as unknown as Rgba,
      updateTriggers: { getFillColor: revision },
    }));
  }
}
