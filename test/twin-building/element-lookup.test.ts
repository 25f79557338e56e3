/** From a raycast hit to the IFC element, and from the device registry to a building's sensor elements. */
import { describe, expect, it } from 'vitest';
import { BoxGeometry, Group, Mesh, MeshStandardMaterial } from 'three';
import { elementAt, elementNodeOf, sensorElements } from '../../client/twin/building-detail/element-lookup.ts';
import type { ManifestDevice } from '../../client/twin/building-detail/twin-types.ts';

const HOSTILE = `<img src=x onerror=alert(1)>'; DROP TABLE x; --`;

/** scene → storey (extras with a GlobalId too) → element → mesh, as the GLB is built. */
function building() {
  const scene = new Group();
  const storey = new Group();
  storey.userData = { storey: '5F', elevationM: 12, globalId: '0qZkHqYm1igsYBZXqw61Ss' };
  const element = new Group();
  element.userData = { globalId: '3D039YlDHKSVbbFtEH_cYH', ifcType: 'IfcAlarm', name: HOSTILE, storey: '5F', tag: 'btn-1' };
  const part = new Group();
  const mesh = new Mesh(new BoxGeometry(), new MeshStandardMaterial());
  part.add(mesh);
  element.add(part);
  const plain = new Mesh(new BoxGeometry(), new MeshStandardMaterial());
  plain.userData = { globalId: '0n$pBpJIwZ5zeS_9JS05J2', ifcType: 'IfcSlab', name: '1栋 5F 楼板', storey: '5F', tag: null };
  storey.add(element, plain);
  scene.add(storey);
  return { scene, storey, element, mesh, plain };
}

describe('element of a hit', () => {
  it('walks up from a nested mesh to the element node and reads its extras verbatim', () => {
    const { element, mesh } = building();
    expect(elementNodeOf(mesh)).toBe(element);
    expect(elementAt(mesh)).toEqual({ globalId: '3D039YlDHKSVbbFtEH_cYH', ifcType: 'IfcAlarm', name: HOSTILE, storey: '5F', tag: 'btn-1' });
  });

  it('takes the hit object itself when it is the element, and leaves out an empty tag', () => {
    const { plain } = building();
    expect(elementAt(plain)).toEqual({ globalId: '0n$pBpJIwZ5zeS_9JS05J2', ifcType: 'IfcSlab', name: '1栋 5F 楼板', storey: '5F' });
  });

  it('does not mistake a storey node (GlobalId but no IFC type) or the scene for an element', () => {
    const { scene, storey } = building();
    expect(elementAt(storey)).toBeUndefined();
    expect(elementAt(scene)).toBeUndefined();
    expect(elementAt(null)).toBeUndefined();
  });
});

describe('sensor elements from the registry', () => {
  const devices: ManifestDevice[] = [
    { id: 'm-b-1', measurement: 'energy', neighbourhood: 'n-1', binding: { building: 'b-1', globalId: '2wHpNeDJshX_C5ZDavvi1Q' } },
    { id: 'smk-1', measurement: 'alert', neighbourhood: 'n-1', binding: { building: 'b-1', globalId: '37eYn6HjrHrvXnC11afRZD' } },
    { id: 'smk-1x', measurement: 'alert', neighbourhood: 'n-1', binding: { building: 'b-1', globalId: '2wHpNeDJshX_C5ZDavvi1Q' } },
    { id: 'smk-9', measurement: 'alert', neighbourhood: 'n-2', binding: { building: 'b-2', globalId: '3OGGNCH8Xs0InT5HdpwLIV' } },
    { id: 'cam-1', measurement: 'alert', neighbourhood: 'n-1', binding: { feature: 'cam-1' } },
  ];

  it('lists the devices of one building by element, several per element when bound so', () => {
    const s = sensorElements(devices, 'b-1');
    expect([...s.keys()].sort()).toEqual(['2wHpNeDJshX_C5ZDavvi1Q', '37eYn6HjrHrvXnC11afRZD']);
    expect(s.get('2wHpNeDJshX_C5ZDavvi1Q')!.map((d) => d.id)).toEqual(['m-b-1', 'smk-1x']);
  });

  it('leaves out other buildings and GIS features, and is empty for a building without devices', () => {
    expect([...sensorElements(devices, 'b-2').keys()]).toEqual(['3OGGNCH8Xs0InT5HdpwLIV']);
    expect(sensorElements(devices, 'b-404').size).toBe(0);
    expect(sensorElements([], 'b-1').size).toBe(0);
  });
});
