/** Cameras on the perimeter, at gates and in public spaces; environment sensors on the walkways. */
import type { PlannedCamera, PlannedEnvSensor, XY } from './plan-types.ts';
import { neighbourhoodAt } from './buildings.ts';
import { along } from './geometry.ts';

export function planCameras(boundary: XY[]): PlannedCamera[] {
  const cams: PlannedCamera[] = [];
  const add = (kind: PlannedCamera['kind'], at: XY, name: string) =>
    cams.push({ id: `cam-${cams.length + 1}`, kind, neighbourhood: neighbourhoodAt(at[0]), at, name });
  const ring = along([...boundary, boundary[0]], 100);
  ring.pop(); // the ring closes on its first point
  for (const at of ring) add('fence_camera', at, `周界围墙 (${Math.round(at[0])}, ${Math.round(at[1])})`);
  add('gate_camera', [-300, 300], '鹅岭正街小区北门');
  add('gate_camera', [0, -300], '佛图关小区南门');
  add('gate_camera', [300, 300], '李子坝小区北门');
  add('gate_camera', [-450, 20], '鹅岭正街小区西门');
  add('gate_camera', [450, 20], '李子坝小区东门');
  add('area_camera', [0, -90], '服务中心广场');
  add('area_camera', [245, -105], '多功能运动场');
  add('area_camera', [0, 105], '地下车库出入口');
  add('area_camera', [0, 185], '佛图关连廊');
  add('area_camera', [0, 250], '佛图关公共电梯');
  add('area_camera', [-300, -200], '鹅岭步道边坡护栏');
  return cams;
}

export function planEnvSensors(): PlannedEnvSensor[] {
  const s = (n: number, walkway: string, at: XY, name: string, trafficExposure: number, plaza = false): PlannedEnvSensor =>
    ({ id: `env-${n}`, walkway, neighbourhood: neighbourhoodAt(at[0]), at, name, trafficExposure, plaza });
  return [
    s(1, 'w-1', [-300, -280], '鹅岭步道上段（鹅岭正街口）', 0.7),
    s(2, 'w-1', [-300, 140], '鹅岭步道下段', 0.2),
    s(3, 'w-2', [0, -200], '佛图关步道上段', 0.3),
    s(4, 'w-2', [0, 185], '佛图关连廊', 0.4),
    s(5, 'w-3', [300, -100], '李子坝步道·运动场旁广场', 0.5, true),
    s(6, 'w-3', [300, 280], '李子坝步道（嘉滨路口）', 0.9),
  ];
}
