/**
 * The demo community looks like a Chongqing hillside community and takes the customer's path:
 * real IFC files converted by the pipeline, GIS layers, a tileset with levels of detail, and a
 * device registry that every simulated series lands on.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDemoCommunity } from '../../twin-models/demo/plan/plan-demo-community.ts';
import { generateDemoTwin, expectedSeries, type GenerateResult } from '../../twin-models/demo/generate-demo-twin.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { loadTwin, type LoadedTwin } from '../../twin-models/manifest/load-twin.ts';
import { checkBindings } from '../../twin-models/manifest/binding-check.ts';
import { validateTileset } from '../../twin-models/import/tiles/validate-tileset.ts';
import { LIFE_CIRCLE_FACILITIES } from '../../twin-models/demo/life-circle.ts';
import { shortestWalk } from '../../streams/indicators/walkability.ts';

const plan = planDemoCommunity();

describe('the demo plan', () => {
  it('is deterministic for a seed and different for another', () => {
    const again = planDemoCommunity();
    expect(JSON.stringify({ ...again, heightAt: 0 })).toBe(JSON.stringify({ ...plan, heightAt: 0 }));
    expect(JSON.stringify(planDemoCommunity(2).buildings)).not.toBe(JSON.stringify(plan.buildings));
  });

  it('sits on a slope of about 60 m', () => {
    const zs: number[] = [];
    for (let x = -450; x <= 450; x += 25) for (let y = -300; y <= 300; y += 25) zs.push(plan.heightAt(x, y));
    const relief = Math.max(...zs) - Math.min(...zs);
    expect(relief).toBeGreaterThan(50);
    expect(relief).toBeLessThan(80);
  });

  it('has 20–40 residential towers of 18–33 floors in at least two neighbourhoods, about 2,000+ households', () => {
    const towers = plan.buildings.filter((b) => b.use === 'residential');
    expect(towers.length).toBeGreaterThanOrEqual(20);
    expect(towers.length).toBeLessThanOrEqual(40);
    for (const t of towers) expect(t.floors).toBeGreaterThanOrEqual(18), expect(t.floors).toBeLessThanOrEqual(33);
    expect(new Set(towers.map((t) => t.neighbourhood)).size).toBeGreaterThanOrEqual(2);
    expect(towers.reduce((n, t) => n + t.households, 0)).toBeGreaterThanOrEqual(2000);
  });

  it('has the facilities of a 10-minute life circle that the brief names', () => {
    const have = new Set(plan.facilities.map((f) => f.category));
    const needed = ['party_mass_centre', 'community_service_centre', 'elderly_station', 'canteen', 'health_station', 'kindergarten', 'childcare', 'culture_station', 'sports_ground', 'shared_space', 'convenience_shop', 'parcel_lockers', 'refuge_area'];
    for (const k of needed) expect(have.has(k), k).toBe(true);
    const known = new Set(LIFE_CIRCLE_FACILITIES.map((f) => f.key));
    for (const f of plan.facilities) expect(known.has(f.category), f.category).toBe(true);
  });

  it('has three or more parking lots with 800+ spaces, one underground', () => {
    expect(plan.lots.length).toBeGreaterThanOrEqual(3);
    expect(plan.lots.reduce((n, l) => n + l.spaces.length, 0)).toBeGreaterThanOrEqual(800);
    expect(plan.lots.filter((l) => l.kind === 'underground' && l.level < 0)).toHaveLength(1);
  });

  it('has water, drainage and gas networks with 300+ segments, each segment joining known nodes', () => {
    const nodes = new Set(plan.pipes.nodes.map((n) => n.id));
    expect(plan.pipes.segments.length).toBeGreaterThanOrEqual(300);
    expect(new Set(plan.pipes.segments.map((s) => s.network))).toEqual(new Set(['water_supply', 'drainage', 'gas']));
    for (const s of plan.pipes.segments) expect(nodes.has(s.from) && nodes.has(s.to), s.id).toBe(true);
  });

  it('has stair walkways, a skybridge and a lift, and transit outside the gates at realistic walking distances', () => {
    const kinds = new Set(plan.walk.edges.map((e) => e.kind));
    for (const k of ['stairs', 'skybridge', 'elevator']) expect(kinds.has(k as never), k).toBe(true);
    const graph = { nodes: plan.walk.nodes.map((n) => ({ id: n.id, x: n.at[0], y: n.at[1], z: n.at[2] })), edges: plan.walk.edges };
    const mains = plan.gates.filter((g) => g.main).map((g) => g.node);
    const bus = shortestWalk(graph, mains, plan.transit.filter((t) => t.kind === 'bus_stop').map((t) => t.node));
    const rail = shortestWalk(graph, mains, plan.transit.filter((t) => t.kind === 'rail_station').map((t) => t.node));
    expect(bus.reachable && rail.reachable).toBe(true);
    expect(bus.distanceM).toBeGreaterThan(20);
    expect(bus.distanceM).toBeLessThan(500);
    expect(rail.distanceM).toBeGreaterThan(200);
    expect(rail.distanceM).toBeLessThan(800);
    // Transit is outside the community's boundary.
    for (const t of plan.transit) expect(Math.abs(t.at[0]) > 450 || Math.abs(t.at[1]) > 300, t.id).toBe(true);
  });

  it('has cameras on the perimeter and in public spaces, smoke detectors, fire-water tanks and walkway sensors', () => {
    expect(plan.cameras.filter((c) => c.kind === 'fence_camera').length).toBeGreaterThanOrEqual(20);
    expect(plan.cameras.filter((c) => c.kind === 'area_camera').length).toBeGreaterThanOrEqual(4);
    const devices = plan.buildings.flatMap((b) => b.devices);
    expect(devices.filter((d) => d.kind === 'smoke_detector').length).toBeGreaterThanOrEqual(plan.buildings.length);
    expect(devices.filter((d) => d.kind === 'fire_water_tank').length).toBeGreaterThanOrEqual(3);
    const walkways = new Set(plan.walkways.map((w) => w.id));
    for (const e of plan.envSensors) expect(walkways.has(e.walkway)).toBe(true);
  });
});

describe('the generated demo twin', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'demo-twin-')), 'c-eling');
  let result: GenerateResult;
  let twin: LoadedTwin;
  beforeAll(async () => {
    result = await generateDemoTwin({ outDir: dir });
    twin = await loadTwin(dir);
  }, 120_000);
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('binds every simulated series to an object, and every measured object to a series', () => {
    const r = checkBindings(twin, expectedSeries(DEMO_COMMUNITY));
    expect(r).toMatchObject({ ok: true, unregisteredSeries: [], danglingDevices: [], misplaced: [], unmeasuredObjects: [] });
    expect(twin.manifest.devices.length).toBeGreaterThan(1000);
  });

  it.each([
    // [family, what the registry binds its devices to: an IFC type in a building, or a GIS layer and feature kind]
    ['elevator', { ifcType: 'IfcTransportElement' }],
    ['utility_meter', { ifcType: 'IfcFlowMeter' }],
    ['fire_water', { ifcType: 'IfcTank' }],
    ['childcare_security', { ifcType: 'IfcUnitaryControlElement' }],
    ['waste_bin', { layer: 'sensors', kind: 'waste_bin' }],
    ['access_control', { layer: 'walkways', kind: 'gate' }],
  ] as const)('binds every %s device of the simulator to its object in the twin', (family, to) => {
    const series = expectedSeries(DEMO_COMMUNITY).filter((s) => s.measurement === family);
    expect(series.length).toBeGreaterThan(0);
    const registry = new Map(twin.manifest.devices.filter((d) => d.measurement === family).map((d) => [d.id, d]));
    expect(registry.size).toBe(new Set(series.map((s) => Object.values(s.tags).find((v) => registry.has(v)))).size);
    for (const d of registry.values()) {
      if ('ifcType' in to) {
        expect('globalId' in d.binding, d.id).toBe(true);
        const b = d.binding as { building: string; globalId: string };
        const element = twin.elements.get(b.building)!.elements.find((e) => e.globalId === b.globalId);
        expect(element?.ifcType, d.id).toBe(to.ifcType);
        expect(element?.tag, d.id).toBe(d.id);
      } else {
        const f = twin.features.get((d.binding as { feature: string }).feature);
        expect(f?.layer, d.id).toBe(to.layer);
        expect(f?.feature.properties.kind, d.id).toBe(to.kind);
      }
    }
  });

  it('converted each building from a real IFC file, with its devices as BIM elements', () => {
    expect(twin.manifest.buildings).toHaveLength(plan.buildings.length);
    const b = twin.manifest.buildings[0];
    expect(readFileSync(join(dir, 'ifc', `${b.id}.ifc`), 'latin1')).toMatch(/^ISO-10303-21;[\s\S]*FILE_SCHEMA\(\('IFC4'\)\)/);
    const index = twin.elements.get(b.id)!;
    const storeys = new Set(index.elements.map((e) => e.storey));
    expect(storeys.size).toBe(b.floors);
    expect(index.elements.filter((e) => e.ifcType === 'IfcFlowMeter').map((e) => e.tag).sort()).toEqual([`gm-${b.id}`, `m-${b.id}`, `wm-${b.id}`]);
    // The tower's two lifts stand in its lift core, as IFC4 transport elements.
    expect(index.elements.filter((e) => e.ifcType === 'IfcTransportElement').map((e) => e.tag).sort()).toEqual([`lift-${b.id}-1`, `lift-${b.id}-2`]);
    expect(index.elements.some((e) => e.ifcType === 'IfcSensor')).toBe(true);
  });

  it('places buildings on the terrain: the GLB bounds sit at the planned position and height', () => {
    for (const b of plan.buildings.slice(0, 5)) {
      const els = twin.elements.get(b.id)!.elements;
      const minY = Math.min(...els.map((e) => e.bbox[1]));
      const maxY = Math.max(...els.map((e) => e.bbox[4]));
      const cx = (Math.min(...els.map((e) => e.bbox[0])) + Math.max(...els.map((e) => e.bbox[3]))) / 2;
      const cz = (Math.min(...els.map((e) => e.bbox[2])) + Math.max(...els.map((e) => e.bbox[5]))) / 2;
      expect(minY).toBeCloseTo(b.position.z, 0);
      expect(maxY - minY).toBeGreaterThan(b.floors * b.floorHeightM - 1);
      expect(Math.abs(cx - b.position.x)).toBeLessThan(3);
      expect(Math.abs(-cz - b.position.y)).toBeLessThan(3); // glTF −z is north
    }
  });

  it('ships a valid photogrammetry tileset with two levels of detail', async () => {
    const r = await validateTileset(join(dir, twin.manifest.tilesets[0].uri));
    expect(r.errors).toEqual([]);
    expect(r.tiles).toBe(5);
    const ts = JSON.parse(readFileSync(join(dir, twin.manifest.tilesets[0].uri), 'utf8'));
    expect(ts.root.refine).toBe('REPLACE');
    expect(ts.root.geometricError).toBeGreaterThan(ts.root.children[0].geometricError);
  });

  it('keeps the assets a wall screen downloads under 30 MB', () => {
    expect(result.cached).toBe(false);
    expect(result.assetBytes).toBeLessThan(30e6);
    expect(statSync(join(dir, 'manifest.json')).size).toBeLessThan(1e6);
  });

  it('reuses a cached twin of the same generator version and seed', async () => {
    const again = await generateDemoTwin({ outDir: dir });
    expect(again.cached).toBe(true);
    expect(again.ms).toBeLessThan(result.ms);
  });
});
