/**
 * How each data family looks on the twin: the one place that reads a family's live fields
 * (`scene.value(data, 'energy', meter, 'load_kw')`) and turns them into colours through
 * colour-rules.ts, whose rules are the family descriptors' (streams/families: the energy ramp,
 * the thresholds that grade lots and walkway sensors, the pipe states). On each live revision it
 * rewrites colour arrays it owns (no allocation) and bumps the revision of a concern only when one
 * of its colours actually changed, so a tick that moved only parking refreshes only the parking
 * colour attribute. The family points (bins, gates) are coloured by their descriptors' colour
 * rules through family-points.ts, with a revision per family.
 */
import type { LiveData } from '../../live/live-store.ts';
import type { Lang } from '../../i18n/i18n-store.ts';
import { ENERGY, ENV, type PipeStatus } from '../../../streams/families/index.ts';
import { intensityColour, levelColour, lotColour, pipeColour, SEVERITY_COLOURS, spaceColour, type Rgba } from '../colour-rules.ts';
import { deviceStates, type LatestLike } from '../building-detail/device-state.ts';
import { boundDeviceTexts } from '../object-card/bound-devices.ts';
import { FamilyPointColours } from './family-points.ts';
import type { PointItem, TwinSceneData } from './scene-data.ts';

/** Revision of each concern's colours; a layer's `updateTriggers` are keyed on its own. */
export interface LookRevisions {
  buildings: number;
  spaces: number;
  /** Pipe sensor states: pipe colours, sensor colours and the leak markers. */
  pipes: number;
  /** Lot labels' text and colour. */
  labels: number;
  env: number;
}

export class FamilyLooks {
  /** RGBA per building (energy intensity). */
  readonly buildingColours: Uint8ClampedArray;
  /** RGBA per parking space (free, occupied, not reported). */
  readonly spaceColours: Uint8ClampedArray;
  /** RGBA per pipe segment (its network, or its nearest sensor's state). */
  readonly pipeColours: Uint8ClampedArray;
  /** RGBA per pipe sensor (its state). */
  readonly pipeSensorColours: Uint8ClampedArray;
  /** RGBA per environment sensor (the worst level of its readings against the env thresholds). */
  readonly envColours: Uint8ClampedArray;
  /** RGBA per lot label (occupancy against the parking thresholds). */
  readonly lotLabelColours: Uint8ClampedArray;
  /** Text per lot label: name, free spaces / capacity. */
  lotLabels: string[];
  /** Pipe sensors reporting a leak; the same array until that set changes. */
  leaks: PointItem[] = [];
  /** Colours of the family points, per family (`scene.familyPoints`), each with its revision. */
  readonly points: FamilyPointColours;
  readonly rev: LookRevisions = { buildings: 0, spaces: 0, pipes: 0, labels: 0, env: 0 };
  private readonly pipeSensorStatus: (PipeStatus | undefined)[];
  /**
   * Per environment sensor, `levelColour`'s reader of its latest value of a field: made once, so
   * the tick passes a function it already has instead of a closure per sensor. Reads `reading`.
   */
  private readonly envReaders: ((field: string) => number)[];
  /** The live data of the update under way, for `envReaders`. */
  private reading: LiveData | null = null;
  private readonly scratch: Rgba = [0, 0, 0, 0];
  private seenRevision = -1;
  private seenLang: Lang | undefined;

  constructor(private readonly scene: TwinSceneData) {
    this.buildingColours = new Uint8ClampedArray(scene.buildings.length * 4);
    this.spaceColours = new Uint8ClampedArray(scene.spaces.length * 4);
    this.pipeColours = new Uint8ClampedArray(scene.pipes.length * 4);
    this.pipeSensorColours = new Uint8ClampedArray(scene.pipeSensors.length * 4);
    this.envColours = new Uint8ClampedArray(scene.envSensors.length * 4);
    this.lotLabelColours = new Uint8ClampedArray(scene.lots.length * 4);
    this.lotLabels = scene.lots.map((l) => l.name);
    this.points = new FamilyPointColours(scene.familyPoints);
    this.pipeSensorStatus = scene.pipeSensors.map(() => undefined);
    this.envReaders = scene.envSensors.map((e) => (field) => (this.reading ? scene.value(this.reading, ENV.measurement, e.id, field) : NaN));
    // Before any sensor reports, pipes show their network's colour.
    this.paintPipes();
  }

  /** Recomputes colours when the live revision or the language changed; returns true when it looked. */
  update(data: LiveData, lang: Lang): boolean {
    if (data.revision === this.seenRevision && lang === this.seenLang) return false;
    this.seenRevision = data.revision;
    this.seenLang = lang;
    const s = this.scene;
    const rev = this.rev;
    // Thresholds may depend on the hour (GB 3096's night limits for noise): one clock per update.
    const ms = Date.now();

    let changed = false;
    const load = ENERGY.twin.colour.field;
    s.buildings.forEach((b, i) => { changed = put(this.buildingColours, i, intensityColour(s.value(data, ENERGY.measurement, b.meter, load), b.floorAreaM2, this.scratch)) || changed; });
    if (changed) rev.buildings++;

    changed = false;
    for (let i = 0; i < s.spaces.length; i++) changed = put(this.spaceColours, i, spaceColour(s.value(data, 'parking_space', s.spaces[i].id, 'occupied'))) || changed;
    if (changed) rev.spaces++;

    changed = false;
    s.pipeSensors.forEach((p, i) => {
      const status = s.text(data, p.id) as PipeStatus | undefined;
      if (status !== this.pipeSensorStatus[i]) { this.pipeSensorStatus[i] = status; changed = true; }
    });
    if (changed) {
      rev.pipes++;
      this.paintPipes();
    }

    changed = false;
    this.reading = data;
    for (let i = 0; i < s.envSensors.length; i++) changed = put(this.envColours, i, levelColour(ENV.measurement, this.envReaders[i], ms)) || changed;
    this.reading = null;
    if (changed) rev.env++;

    this.points.update(data, s, ms);

    // Text layout is the costly part of a tick; labels are re-laid only when one actually changed.
    const zh = lang === 'zh';
    changed = false;
    s.lots.forEach((l, i) => {
      const occ = s.value(data, 'parking', l.id, 'occupied');
      const free = Number.isFinite(occ) ? Math.max(0, l.capacity - occ) : NaN;
      const text = `${l.name}\n${zh ? '空位' : 'free'} ${Number.isFinite(free) ? free : '–'} / ${l.capacity} ${zh ? '个' : 'spaces'}`;
      if (text !== this.lotLabels[i]) { this.lotLabels[i] = text; changed = true; }
      changed = put(this.lotLabelColours, i, lotColour(occ, l.capacity, ms)) || changed;
    });
    if (changed) rev.labels++;
    return true;
  }

  private paintPipes(): void {
    const s = this.scene;
    s.pipes.forEach((p, i) => put(this.pipeColours, i, pipeColour(p.network!, this.pipeSensorStatus[s.nearestSensorOfPipe[i]])));
    s.pipeSensors.forEach((_p, i) => put(this.pipeSensorColours, i, pipeColour('', this.pipeSensorStatus[i] ?? 'normal')));
    this.leaks = s.pipeSensors.filter((_p, i) => this.pipeSensorStatus[i] === 'leak');
  }
}

const UNKNOWN_SEVERITY: Rgba = [255, 60, 60, 255];

/** An alert marker's colour, by severity. */
export function alertColour(severity: string): Rgba {
  return SEVERITY_COLOURS[severity as keyof typeof SEVERITY_COLOURS] ?? UNKNOWN_SEVERITY;
}

/** Colour of the flow dashes along a pipe of a network (brighter than the pipe under them). */
const FLOW_COLOURS: Readonly<Record<string, Rgba>> = { drainage: [210, 180, 140, 255], gas: [255, 230, 140, 255] };
const FLOW_DEFAULT: Rgba = [150, 220, 255, 255];
export function flowColour(network: string | undefined): Rgba {
  return FLOW_COLOURS[network ?? ''] ?? FLOW_DEFAULT;
}

/**
 * Open alert records, meter readings and the live rows of the bound devices (lifts, meters, the
 * fire tank) of one building's devices, from the live data, for the BIM detail.
 */
export function buildingDeviceStates(scene: TwinSceneData, data: LiveData, building: string, lang: Lang) {
  const devices = scene.model.manifest.devices.filter((d) => 'building' in d.binding && d.binding.building === building);
  const ids = new Set(devices.map((d) => d.id));
  const latest: LatestLike[] = devices.filter((d) => d.measurement === 'energy').map((d) => {
    const v = scene.value(data, 'energy', d.id, 'load_kw');
    return { tags: { meter: d.id }, field: 'load_kw', unit: 'kW', t: Number.isNaN(v) ? null : Date.now(), v: Number.isNaN(v) ? null : v };
  });
  const states = deviceStates(data.alerts.open().filter((a) => ids.has(a.device)), latest);
  for (const [id, text] of boundDeviceTexts(scene, data, building, lang)) states.set(id, { ...states.get(id), text });
  return states;
}

/** Writes colour `c` at item `i` of an RGBA array; true when it differed. */
function put(out: Uint8ClampedArray, i: number, c: Readonly<Rgba>): boolean {
  const k = i * 4;
  if (out[k] === c[0] && out[k + 1] === c[1] && out[k + 2] === c[2] && out[k + 3] === c[3]) return false;
  out[k] = c[0]; out[k + 1] = c[1]; out[k + 2] = c[2]; out[k + 3] = c[3];
  return true;
}

/** deck.gl accessor body: copies item `index` of an RGBA array into deck's scratch `target`. */
export function rgbaAt(colours: Uint8ClampedArray, index: number, target: number[]): Rgba {
  const k = index * 4;
  target[0] = colours[k]; target[1] = colours[k + 1]; target[2] = colours[k + 2]; target[3] = colours[k + 3];
  return target as Rgba;
}
