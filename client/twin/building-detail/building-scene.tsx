/**
 * The inside of the detail's canvas: lights, orbit controls, the building model, and everything
 * that changes per frame done by mutation (explode offsets, storey visibility, highlight materials,
 * the alarm pulse). React renders this when the model or a setting changes, never per frame.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Box3, PerspectiveCamera, Raycaster, Vector2, Vector3, type Object3D } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { setElementLook, setRoomsShown, type BuildingModel } from './building-model.ts';
import type { ElementLook } from './building-model-owner.ts';
import { elementNodeOf } from './element-lookup.ts';
import { approach, explodeOffsets, storeyShown, typicalStoreyHeight, type ClipMode } from './storey-layout.ts';
import { probeState } from './detail-probe.ts';

export interface SceneView {
  /** Explode factor to animate to (0 = floors in place). */
  explode: number;
  /** Rank of the chosen storey (0 = lowest), null for none. */
  chosen: number | null;
  clip: ClipMode;
  /** Rooms (IfcSpace) drawn and pickable. */
  rooms: boolean;
}

export interface BuildingSceneProps {
  model: BuildingModel | null;
  view: SceneView;
  /** GlobalIds of sensor elements (tinted) and of those in alarm (pulsing). */
  sensorIds: ReadonlySet<string>;
  alarmIds: ReadonlySet<string>;
  selectedId: string | null;
  /** Called with the GlobalId of a clicked element, or null for a click on nothing. */
  onPick(globalId: string | null): void;
  /** Called once a model has been drawn for the first time. */
  onDrawn(model: BuildingModel): void;
  /** Changing this number frames the camera on the model again. */
  frameKey: number;
}

// Scratch objects: picking and the frame loop allocate nothing.
const raycaster = new Raycaster();
const pointer = new Vector2();
const box = new Box3();
const centre = new Vector3();
const size = new Vector3();
const direction = new Vector3(0.75, 0.55, 1).normalize();
const projected = new Vector3();
const CLICK_SLOP_PX = 5;
/** The alarm pulse redraws at this rate, not at the display's: a wall shows alarms for hours. */
const PULSE_FRAME_MS = 100;

/** Looks an element needs now, in precedence order. */
function lookOf(id: string, p: { selectedId: string | null; hoverId: string | null; alarmIds: ReadonlySet<string>; sensorIds: ReadonlySet<string> }): ElementLook {
  if (id === p.selectedId) return 'selected';
  if (id === p.hoverId) return 'hover';
  if (p.alarmIds.has(id)) return 'alarm';
  if (p.sensorIds.has(id)) return 'sensor';
  return 'base';
}

export function BuildingScene(props: BuildingSceneProps) {
  const { model, view, sensorIds, alarmIds, selectedId, onPick, onDrawn, frameKey } = props;
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useRef<OrbitControls | null>(null);
  const anim = useRef({ explode: 0, offsets: new Float64Array(0), pulsing: false, pulseTimer: 0 });
  const hoverId = useRef<string | null>(null);
  const styled = useRef(new Map<string, ElementLook>());
  const live = useRef(props);
  live.current = props;

  // Controls live as long as the canvas; they only ever ask for a frame.
  useLayoutEffect(() => {
    const c = new OrbitControls(camera, gl.domElement);
    c.addEventListener('change', () => invalidate());
    controls.current = c;
    return () => { c.dispose(); controls.current = null; };
  }, [camera, gl, invalidate]);

  const restyle = () => {
    const m = live.current.model;
    if (!m || m.owner.disposed) return;
    const p = { selectedId: live.current.selectedId, hoverId: hoverId.current, alarmIds: live.current.alarmIds, sensorIds: live.current.sensorIds };
    const want = new Map<string, ElementLook>();
    for (const id of [p.selectedId, p.hoverId, ...p.alarmIds, ...p.sensorIds]) if (id && m.elements.has(id)) want.set(id, lookOf(id, p));
    for (const [id, look] of styled.current) if (!want.has(id) && look !== 'base') setElementLook(m, m.elements.get(id)!, 'base');
    for (const [id, look] of want) if (styled.current.get(id) !== look) setElementLook(m, m.elements.get(id)!, look);
    styled.current = want;
    for (const [id, marker] of m.markers) marker.material = id === p.selectedId ? m.markerMaterials.selected : p.alarmIds.has(id) ? m.markerMaterials.alarm : m.markerMaterials.sensor;
    invalidate();
  };

  // A new model opens at the explode factor already chosen (no animation), with fresh styling.
  useLayoutEffect(() => {
    styled.current = new Map();
    hoverId.current = null;
    const a = anim.current;
    a.offsets = new Float64Array(model?.storeys.length ?? 0);
    a.explode = live.current.view.explode;
    if (model) {
      explodeOffsets(model.storeys, a.explode, a.offsets);
      model.storeys.forEach((s, i) => { s.node.position.y = s.baseY + a.offsets[i]; });
      restyle();
    }
    invalidate();
  }, [model]); // eslint-disable-line react-hooks/exhaustive-deps

  // Frame the camera on the model, tall enough for the floors at the explode factor asked for.
  useLayoutEffect(() => {
    const c = controls.current;
    if (!model || !c) return;
    box.copy(model.bounds);
    box.max.y += (model.storeys.length - 1) * typicalStoreyHeight(model.storeys) * Math.max(0, view.explode);
    box.getCenter(centre);
    box.getSize(size);
    const radius = Math.max(1, size.length() / 2);
    // Fit the height in the vertical field of view and the footprint's diagonal in the horizontal one.
    const halfV = Math.tan((camera.fov * Math.PI) / 360);
    const wide = Math.max(1, Math.hypot(size.x, size.z));
    const distance = Math.max(size.y / 2 / halfV, wide / 2 / (halfV * Math.max(0.1, camera.aspect))) * 1.12 + wide / 2;
    camera.position.copy(centre).addScaledVector(direction, distance);
    camera.near = Math.max(0.05, distance / 200);
    camera.far = distance * 4 + radius;
    camera.updateProjectionMatrix();
    c.target.copy(centre);
    c.update();
    invalidate();
  }, [model, frameKey, view.explode]); // eslint-disable-line react-hooks/exhaustive-deps

  // Clip by hiding storey nodes (see README): exact per storey, and hidden storeys are not picked.
  useEffect(() => {
    if (!model) return;
    model.storeys.forEach((s, rank) => { s.node.visible = storeyShown(rank, view.chosen, view.clip); });
    invalidate();
  }, [model, view.chosen, view.clip, invalidate]);

  // Rooms follow the toggle, except one whose device is in alarm: it shows, so the alert has a place.
  useEffect(() => {
    if (!model) return;
    setRoomsShown(model, view.rooms);
    for (const id of alarmIds) {
      const node = model.elements.get(id);
      if (node?.userData.room === true) node.visible = true;
    }
    invalidate();
  }, [model, view.rooms, alarmIds, invalidate]);

  useEffect(restyle, [selectedId, alarmIds, sensorIds]); // eslint-disable-line react-hooks/exhaustive-deps

  // Hover and click picking on the canvas; OrbitControls drags are not clicks.
  useEffect(() => {
    const el = gl.domElement;
    let down: { x: number; y: number } | null = null;
    const hit = (e: PointerEvent): string | null => {
      const m = live.current.model;
      if (!m || m.owner.disposed) return null;
      const rect = el.getBoundingClientRect();
      pointer.set(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
      raycaster.setFromCamera(pointer, camera);
      const targets: Object3D[] = [];
      for (const s of m.storeys) if (s.node.visible) targets.push(s.node);
      // three's raycast visits hidden children too: hidden rooms must not be picked.
      const hits = raycaster.intersectObjects(targets, true).filter((h) => visibleInTree(h.object));
      const first = hits.find((h) => h.object.userData.marker) ?? hits[0];
      const node = elementNodeOf(first?.object);
      return node ? (node.userData.globalId as string) : null;
    };
    const move = (e: PointerEvent) => {
      if (e.buttons) return;
      const id = hit(e);
      if (id !== hoverId.current) { hoverId.current = id; el.style.cursor = id ? 'pointer' : ''; restyle(); }
    };
    const press = (e: PointerEvent) => { down = { x: e.clientX, y: e.clientY }; };
    const release = (e: PointerEvent) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP_PX) { down = null; return; }
      down = null;
      live.current.onPick(hit(e));
    };
    const leave = () => { if (hoverId.current) { hoverId.current = null; el.style.cursor = ''; restyle(); } };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerdown', press);
    el.addEventListener('pointerup', release);
    el.addEventListener('pointerleave', leave);
    return () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerdown', press);
      el.removeEventListener('pointerup', release);
      el.removeEventListener('pointerleave', leave);
    };
  }, [gl, camera]); // eslint-disable-line react-hooks/exhaustive-deps

  // The first frame that draws a model is the ready signal.
  useEffect(() => {
    if (!model) return;
    let told = false;
    scene.onAfterRender = () => {
      if (told || model.owner.disposed || !model.owner.root.parent) return;
      told = true;
      queueMicrotask(() => onDrawn(model));
    };
    invalidate();
    return () => { scene.onAfterRender = () => {}; };
  }, [model, scene, onDrawn, invalidate]);

  useEffect(() => {
    probeState.project = (globalId) => {
      const node = live.current.model?.elements.get(globalId);
      if (!node || !visibleInTree(node)) return null;
      box.setFromObject(node).getCenter(projected).project(camera);
      if (projected.z > 1) return null;
      const rect = gl.domElement.getBoundingClientRect();
      return { x: rect.left + ((projected.x + 1) / 2) * rect.width, y: rect.top + ((1 - projected.y) / 2) * rect.height };
    };
    probeState.animating = () => anim.current.explode !== live.current.view.explode;
  }, [camera, gl]);

  useEffect(() => () => window.clearTimeout(anim.current.pulseTimer), []);

  useFrame((state, delta) => {
    const m = live.current.model;
    if (!m || m.owner.disposed) return;
    const a = anim.current;
    const target = live.current.view.explode;
    if (a.explode !== target) {
      // The first frame after a pause can report a long delta; cap it so the move stays visible.
      a.explode = approach(a.explode, target, Math.min(delta, 0.05));
      explodeOffsets(m.storeys, a.explode, a.offsets);
      for (let i = 0; i < m.storeys.length; i++) m.storeys[i].node.position.y = m.storeys[i].baseY + a.offsets[i];
      state.invalidate();
    }
    a.pulsing = live.current.alarmIds.size > 0;
    if (a.pulsing) {
      const k = 0.5 + 0.5 * Math.sin(state.clock.elapsedTime * 5);
      for (const mat of m.owner.variantsOf('alarm')) (mat as { emissiveIntensity?: number }).emissiveIntensity = 0.3 + 0.9 * k;
      m.markerMaterials.alarm.opacity = 0.35 + 0.5 * k;
      if (!a.pulseTimer) a.pulseTimer = window.setTimeout(() => { a.pulseTimer = 0; state.invalidate(); }, PULSE_FRAME_MS);
    }
  });

  return model ? <primitive object={model.owner.root} dispose={null} /> : null;
}

function visibleInTree(o: Object3D): boolean {
  for (let n: Object3D | null = o; n; n = n.parent) if (!n.visible) return false;
  return true;
}
