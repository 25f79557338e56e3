/**
 * GIS-bound devices of the families no other scene layer draws (waste bins at their collection
 * points, the gates' access controllers): which families they are, their items (built once per
 * twin, in scene-data.ts) and their colours (rewritten on the live revision by family-looks.ts,
 * through each family's colour rule in family-colour.ts). Drawn by layers/family-points-layer.ts,
 * one layer per family, shown with the family's layer toggle.
 */
import { FAMILY_DESCRIPTORS, deviceTagOf, type Family, type FamilyDescriptor } from '../../../streams/families/index.ts';
import type { LiveData } from '../../live/live-store.ts';
import type { TwinModel } from '../twin-model.ts';
import { familyColour, type DeviceReadings } from '../family-colour.ts';
import type { Rgba } from '../colour-rules.ts';
import type { PointItem } from './scene-data.ts';

/** Twin objects the scene draws with layers of their own (layers/*.ts). */
const DRAWN_ELSEWHERE = new Set(['building', 'lot', 'space', 'pipe-sensor', 'sensor', 'alert']);

/** Families drawn as family points: a twin look bound to GIS features, of an object no other layer draws. */
export const POINT_FAMILIES: readonly FamilyDescriptor[] = (FAMILY_DESCRIPTORS as readonly FamilyDescriptor[])
  .filter((d) => d.twin && !DRAWN_ELSEWHERE.has(d.twin.object) && (d.twin.binding ?? ['feature']).includes('feature'));

/** Layer id of a family's points (`family-waste_bin`). */
export const familyLayerId = (d: FamilyDescriptor): string => `family-${d.measurement}`;

/** The object kind a pick of each family-points layer reports (`family-waste_bin` → `bin`), by layer id. */
export const FAMILY_POINT_PICK_KIND: Readonly<Record<string, string>> = Object.fromEntries(POINT_FAMILIES.map((d) => [familyLayerId(d), d.twin!.object]));

/** The object kind of a device drawn as a family point (a bin stands in the GIS sensors layer, a gate among the walkways). */
export function familyPointKind(model: TwinModel, id: string): string | undefined {
  const device = model.manifest.devices.find((x) => x.id === id);
  return device ? POINT_FAMILIES.find((d) => d.measurement === device.measurement)?.twin?.object : undefined;
}

/** One family's drawn devices. */
export interface FamilyPointGroup {
  family: FamilyDescriptor;
  /** Its layer's id (`family-waste_bin`). */
  layerId: string;
  items: PointItem[];
}

/** The devices of each point family bound to a GIS point feature of the twin, in registry order. */
export function familyPointGroups(model: TwinModel, families: readonly FamilyDescriptor[] = POINT_FAMILIES): FamilyPointGroup[] {
  return families.map((family) => {
    const items: PointItem[] = [];
    for (const dev of model.manifest.devices) {
      if (dev.measurement !== family.measurement || !('feature' in dev.binding)) continue;
      const f = model.feature(dev.binding.feature);
      if (!f || f.geometry.type !== 'Point') continue;
      const p = f.properties;
      const [lon, lat, h] = f.geometry.coordinates as number[];
      items.push({ id: dev.id, name: typeof p.name === 'string' ? p.name : p.name?.zh ?? dev.id, kind: family.twin!.object, neighbourhood: dev.neighbourhood, position: [lon, lat, (h ?? 0) + 1] });
    }
    return { family, layerId: familyLayerId(family), items };
  });
}

/** Reads a device's latest value or text (the scene's live index). */
export interface FamilyLiveReader {
  value(data: LiveData, measurement: Family, device: string, field: string): number;
  text(data: LiveData, device: string, measurement: Family, field: string): string | undefined;
}

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});
/** A family without a colour rule: its devices are drawn plain. */
const PLAIN: Rgba = [200, 210, 225, 230];

/** The readings of the device it points at (set per device by `FamilyPointColours.update`). */
class DeviceReader implements DeviceReadings {
  data!: LiveData;
  live!: FamilyLiveReader;
  measurement!: Family;
  device = '';
  tags: Readonly<Record<string, string | undefined>> = NO_TAGS;
  value(field: string): number { return this.live.value(this.data, this.measurement, this.device, field); }
  text(field: string): string | undefined { return this.live.text(this.data, this.device, this.measurement, field); }
}

/** The colours of the family points, one RGBA array and one revision per group. */
export class FamilyPointColours {
  /** RGBA per item of each group, rewritten on the live revision. */
  readonly colours: Uint8ClampedArray[];
  /** Revision of each group's colours, bumped only when one of them changed; its layer's `updateTriggers` key. */
  readonly rev: number[];
  private readonly scratch: Rgba = [0, 0, 0, 255];
  /** Tags of each device, from the live schema (a tag colour rule reads them); filled as series appear. */
  private readonly tags = new Map<string, Record<string, string>>();
  private seenSchema = -1;
  private readonly reader = new DeviceReader();

  constructor(private readonly groups: readonly FamilyPointGroup[]) {
    this.colours = groups.map((g) => new Uint8ClampedArray(g.items.length * 4));
    this.rev = groups.map(() => 0);
  }

  /** Recolours every device from live data (no allocation per device); `ms` (epoch) for night limits. */
  update(data: LiveData, live: FamilyLiveReader, ms: number): void {
    if (data.schema.size !== this.seenSchema) {
      this.seenSchema = data.schema.size;
      for (const s of data.schema.values()) {
        const tag = deviceTagOf(s.measurement);
        if (tag && s.tags[tag] !== undefined) this.tags.set(`${s.measurement}/${s.tags[tag]}`, s.tags);
      }
    }
    // One reader, pointed at each device in turn.
    const r = this.reader;
    r.data = data;
    r.live = live;
    this.groups.forEach((g, gi) => {
      const rule = g.family.twin!.colour;
      const out = this.colours[gi];
      r.measurement = g.family.measurement as Family;
      let changed = false;
      for (let i = 0; i < g.items.length; i++) {
        r.device = g.items[i].id;
        r.tags = this.tags.get(`${r.measurement}/${r.device}`) ?? NO_TAGS;
        const c = rule ? familyColour(g.family, rule, r, ms, this.scratch) : PLAIN;
        const k = i * 4;
        if (out[k] !== c[0] || out[k + 1] !== c[1] || out[k + 2] !== c[2] || out[k + 3] !== c[3]) {
          out[k] = c[0]; out[k + 1] = c[1]; out[k + 2] = c[2]; out[k + 3] = c[3];
          changed = true;
        }
      }
      if (changed) this.rev[gi]++;
    });
    r.data = undefined as unknown as LiveData;
  }
}
