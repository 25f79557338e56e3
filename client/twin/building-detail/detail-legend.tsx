/** What the highlight colours of the detail mean. */
import { useLang } from '../../i18n/i18n-store.ts';
import { LOOK_EMISSIVE } from './building-model-owner.ts';
import { dmsg } from './detail-messages.ts';

const hex = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

export interface DetailLegendProps {
  /** Sensor elements in alarm now (the alarm row shows its count). */
  alarms: number;
}

export function DetailLegend({ alarms }: DetailLegendProps) {
  const lang = useLang();
  const rows = [
    { key: 'sensor', color: LOOK_EMISSIVE.sensor.color, label: dmsg('legendSensor', lang) },
    { key: 'alarm', color: LOOK_EMISSIVE.alarm.color, label: `${dmsg('legendAlarm', lang)} (${alarms})` },
    { key: 'selected', color: LOOK_EMISSIVE.selected.color, label: dmsg('legendSelected', lang) },
    { key: 'hover', color: LOOK_EMISSIVE.hover.color, label: dmsg('legendHover', lang) },
  ];
  return (
    <aside className="bim-panel bim-legend" data-testid="bim-legend" aria-label={dmsg('legend', lang)}>
      <h3>{dmsg('legend', lang)}</h3>
      <ul>
        {rows.map((r) => (
          <li key={r.key} data-testid={`bim-legend-${r.key}`}><i style={{ background: hex(r.color) }} />{r.label}</li>
        ))}
      </ul>
      <p className="bim-hint">{dmsg('hint', lang)}</p>
    </aside>
  );
}
