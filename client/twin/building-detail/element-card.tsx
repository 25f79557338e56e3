/** The card of a selected element: what it is, where, and the live state of devices bound to it. */
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { alertTypeLabel, severityLabel } from '../../i18n/labels.ts';
import type { SelectedElement } from './building-detail.tsx';
import type { StoreyNode } from './building-model.ts';
import type { DeviceLiveState } from './device-state.ts';
import type { ManifestDevice } from './twin-types.ts';
import { dmsg } from './detail-messages.ts';
import { deviceLabelOf, familyOf } from '../../../streams/families/index.ts';

export interface ElementCardProps {
  element: SelectedElement;
  storeys: readonly StoreyNode[];
  deviceStates: ReadonlyMap<string, DeviceLiveState>;
  onClose(): void;
}

function DeviceRow({ device, state, lang }: { device: ManifestDevice; state: DeviceLiveState | undefined; lang: Lang }) {
  const kind = deviceLabelOf(device.measurement)?.[lang] ?? device.measurement;
  // An event device (a detector, a button) with no open alert is normal; a meter without a reading is unknown.
  const events = familyOf(device.measurement)?.kind === 'events';
  let text = events ? dmsg('stateNormal', lang) : dmsg('stateUnknown', lang);
  let tone = 'ok';
  if (state?.alert) {
    text = `${severityLabel(state.alert.severity, lang)} · ${alertTypeLabel(state.alert.type, lang)}${state.alert.message ? ` · ${state.alert.message}` : ''}`;
    tone = state.alert.severity;
  } else if (state?.text) {
    text = state.text;
  } else if (state?.reading) {
    text = `${state.reading.value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 1 })} ${state.reading.unit}`;
  } else if (!events) {
    tone = 'none';
  }
  return (
    <li data-testid="bim-card-device" data-device={device.id} data-tone={tone}>
      <span className="bim-device-id">{kind} <code>{device.id}</code></span>
      <span className="bim-device-state" data-testid="bim-card-device-state">{text}</span>
    </li>
  );
}

export function ElementCard({ element, storeys, deviceStates, onClose }: ElementCardProps) {
  const lang = useLang();
  const storey = storeys.find((s) => s.name === element.storey);
  const rows: [string, string, string][] = [
    ['ifcType', dmsg('ifcType', lang), element.ifcType],
    ['name', dmsg('name', lang), element.name],
    ['storey', dmsg('storey', lang), storey ? `${element.storey} · ${dmsg('elevation', lang, { e: storey.elevationM.toFixed(1) })}` : element.storey],
    ['globalId', dmsg('globalId', lang), element.globalId],
  ];
  if (element.tag) rows.push(['tag', dmsg('tag', lang), element.tag]);
  return (
    <aside className="bim-panel bim-card" data-testid="bim-card" data-global-id={element.globalId}>
      <header>
        <h3>{element.name || element.ifcType}</h3>
        <button type="button" className="bim-card-close" title={dmsg('closeCard', lang)} aria-label={dmsg('closeCard', lang)} onClick={onClose}>✕</button>
      </header>
      <dl>
        {rows.map(([key, label, value]) => (
          <div key={key}><dt>{label}</dt><dd data-testid={`bim-card-${key}`}>{value}</dd></div>
        ))}
      </dl>
      {element.devices.length > 0 && (
        <>
          <h4>{dmsg('devices', lang)}</h4>
          <ul className="bim-devices">
            {element.devices.map((d) => <DeviceRow key={`${d.measurement}:${d.id}`} device={d} state={deviceStates.get(d.id)} lang={lang} />)}
          </ul>
        </>
      )}
    </aside>
  );
}
