/**
 * Event-driven safety devices (cameras, buttons, smoke detectors, fire-water sensors): each raises
 * alerts as a Poisson process whose rate follows its kind's daily shape (intrusions at night,
 * crowding by day and evening, smoke at cooking times). Rates are per community and split
 * between the community's devices of the kind, so a community sees a few alerts a day.
 * Pipe, waterlogging and charger alerts come from the pipe sensors and meters instead.
 */
import type { PointInput } from '../line-protocol/format.ts';
import type { AlertType, Severity } from '../alerts.ts';
import type { AlertDeviceConfig, AlertDeviceKind } from './community-config.ts';
import { alertPoint, round1, round2, type Device, type DeviceContext } from './device.ts';
import { interp24 } from './profiles.ts';
import { HOUR_MS, chinaHour } from '../china-time.ts';
import { Rng, rngFor } from './random.ts';

export interface AlertDraft {
  severity: Severity;
  message: string;
  value: number;
}

export interface AlertKindSpec {
  type: AlertType;
  /** Expected alerts per community per day from all devices of the kind. */
  perCommunityDay: number;
  /** Relative rate by local hour (any scale). */
  shape: readonly number[];
  draft(rng: Rng, location: string): AlertDraft;
}

export const ALERT_KINDS: Readonly<Record<AlertDeviceKind, AlertKindSpec>> = {
  fence_camera: {
    type: 'perimeter_intrusion',
    perCommunityDay: 1.0,
    shape: [3, 3, 3, 3, 2.5, 1.5, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.4, 0.6, 1, 1.5, 2, 2.5, 3],
    draft(rng, loc) {
      const conf = round2(rng.uniform(0.8, 0.99));
      return rng.next() < 0.7
        ? { severity: 'major', message: `${loc} 周界摄像机检测到人员翻越围墙（置信度 ${conf}）`, value: conf }
        : { severity: 'warning', message: `${loc} 检测到人员在围墙外长时间徘徊（置信度 ${conf}）`, value: conf };
    },
  },
  area_camera: {
    type: 'crowding_danger_zone',
    perCommunityDay: 1.0,
    shape: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.6, 0.9, 1.2, 1.3, 1.2, 1, 1, 1.2, 1.4, 1.5, 1.5, 1.6, 1.8, 1.8, 1.4, 0.6, 0.2],
    draft(rng, loc) {
      if (rng.next() < 0.6) {
        const n = Math.round(rng.uniform(80, 300));
        return { severity: n > 200 ? 'major' : 'warning', message: `${loc} 人员聚集约 ${n} 人，超过限流阈值，请现场疏导`, value: n };
      }
      const n = 1 + rng.int(3);
      return { severity: 'major', message: `${loc} 检测到 ${n} 人翻越护栏进入危险区域`, value: n };
    },
  },
  gate_camera: {
    type: 'vulnerable_person_alone',
    perCommunityDay: 0.6,
    shape: [0.05, 0.05, 0.05, 0.05, 0.05, 0.5, 1.5, 2, 2, 1.5, 1, 0.8, 0.6, 0.6, 0.8, 1.5, 2, 1.8, 1, 0.6, 0.3, 0.15, 0.05, 0.05],
    draft(rng, loc) {
      if (rng.next() < 0.7) {
        const age = Math.round(rng.uniform(72, 92));
        return { severity: 'warning', message: `${loc} 人脸识别：失智/独居老人（${age}岁）独自出门，请网格员跟进`, value: age };
      }
      const age = Math.round(rng.uniform(4, 10));
      return { severity: 'major', message: `${loc} 人脸识别：儿童（约${age}岁）无监护人陪同独自离开小区`, value: age };
    },
  },
  emergency_button: {
    type: 'emergency_button',
    perCommunityDay: 0.25,
    shape: [0.4, 0.3, 0.3, 0.3, 0.4, 0.8, 1.2, 1.4, 1.3, 1.2, 1.1, 1, 1, 1, 1, 1, 1.1, 1.2, 1.3, 1.3, 1.2, 1, 0.8, 0.5],
    draft(rng, loc) {
      const why = rng.pick(['疑似跌倒', '身体不适', '请求协助', '疑似入室']);
      return { severity: 'critical', message: `${loc} 住户按下一键紧急呼叫按钮（${why}），请立即联系并上门`, value: 1 };
    },
  },
  smoke_detector: {
    type: 'fire',
    perCommunityDay: 0.25,
    shape: [0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.8, 1.2, 1, 0.8, 1, 1.8, 2, 1.2, 0.8, 0.8, 1, 1.8, 2.2, 1.8, 1.2, 0.8, 0.5, 0.4],
    draft(rng, loc) {
      const obs = round1(rng.uniform(1.5, 8));
      const u = rng.next();
      if (u < 0.55) return { severity: 'warning', message: `${loc} 烟感报警，烟雾浓度 ${obs}%/m，疑似油烟，请核实`, value: obs };
      if (u < 0.9) return { severity: 'major', message: `${loc} 烟感报警，烟雾浓度 ${obs}%/m，请立即到场确认`, value: obs };
      return { severity: 'critical', message: `${loc} 火警：多个烟感联动报警，烟雾浓度 ${obs}%/m，已通知消防`, value: obs };
    },
  },
  fire_water: {
    type: 'fire',
    perCommunityDay: 0.08,
    shape: Array.from({ length: 24 }, () => 1),
    draft(rng, loc) {
      if (rng.next() < 0.5) {
        const level = round2(rng.uniform(0.8, 1.6));
        return { severity: 'warning', message: `${loc} 消防水池液位 ${level} m，低于设定值 2.0 m`, value: level };
      }
      const mpa = round2(rng.uniform(0.05, 0.12));
      return { severity: 'warning', message: `${loc} 消火栓管网压力 ${mpa} MPa，低于设定值 0.15 MPa`, value: mpa };
    },
  },
};

const shapeMax = (s: readonly number[]) => Math.max(...s);
const shapeMean = (s: readonly number[]) => s.reduce((a, b) => a + b, 0) / s.length;

/** One alert device; `devicesOfKind` is how many of its kind its community has. */
export class AlertSource implements Device {
  private readonly rng: Rng;
  private readonly spec: AlertKindSpec;
  /** Candidate rate, per ms (the shape's maximum). */
  private readonly maxRatePerMs: number;
  private readonly shapeMax: number;
  private next: number;

  constructor(private readonly ctx: DeviceContext, private readonly d: AlertDeviceConfig, devicesOfKind: number) {
    this.spec = ALERT_KINDS[d.kind];
    this.rng = rngFor(ctx.seed, 'alert', ctx.community.id, d.id);
    const meanPerMs = this.spec.perCommunityDay / devicesOfKind / (24 * HOUR_MS);
    this.shapeMax = shapeMax(this.spec.shape);
    this.maxRatePerMs = (meanPerMs * this.shapeMax) / shapeMean(this.spec.shape);
    this.next = this.candidateAfter(ctx.start);
  }

  private candidateAfter(t: number): number {
    return t + Math.max(1, Math.round(this.rng.exponential(this.maxRatePerMs)));
  }

  advance(to: number, out: PointInput[]): void {
    while (this.next <= to) {
      const t = this.next;
      if (this.rng.next() * this.shapeMax < interp24(this.spec.shape, chinaHour(t))) {
        const a = this.spec.draft(this.rng, this.d.location);
        out.push(alertPoint(this.ctx.community.id, this.d.neighbourhood, this.spec.type, a.severity, this.d.id, this.d.location, a.message, a.value, t));
      }
      this.next = this.candidateAfter(t);
    }
  }
}

/** A scripted alert (e.g. the demo's staged incident). */
export interface ScriptedAlert {
  at: number;
  device: AlertDeviceConfig;
  type?: AlertType;
  severity?: Severity;
  message?: string;
  value?: number;
}

/** Emits the scripted alerts of one community at their times. */
export class ScriptedAlerts implements Device {
  private readonly items: ScriptedAlert[];
  private i = 0;

  constructor(private readonly ctx: DeviceContext, items: readonly ScriptedAlert[]) {
    this.items = items.filter((a) => a.at > ctx.start).sort((a, b) => a.at - b.at);
  }

  advance(to: number, out: PointInput[]): void {
    while (this.i < this.items.length && this.items[this.i].at <= to) {
      const a = this.items[this.i];
      const spec = ALERT_KINDS[a.device.kind];
      const draft = spec.draft(rngFor(this.ctx.seed, 'scripted', this.ctx.community.id, a.device.id, a.at), a.device.location);
      out.push(alertPoint(
        this.ctx.community.id, a.device.neighbourhood, a.type ?? spec.type, a.severity ?? draft.severity, a.device.id,
        a.device.location, a.message ?? draft.message, a.value ?? draft.value, Math.round(a.at),
      ));
      this.i++;
    }
  }
}
