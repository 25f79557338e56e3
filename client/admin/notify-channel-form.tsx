/** Creating or changing a notification channel: name, node, role, kind and the kind's settings. */
import { useState } from 'react';
import { CHANNEL_KINDS, CHANNEL_KIND_LABELS, CHANNEL_ROLES, type ChannelKind, type ChannelRole } from '../../streams/notify.ts';
import { ROLE_LABELS } from '../../streams/roles.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { createChannel, updateChannel, type AdminChannel } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText } from './error-text.ts';
import { KIND_FIELDS, formValues, settingsBody } from './notify-fields.ts';
import { SitePicker } from './site-picker.tsx';

export function ChannelForm({ channel, defaultNode, onClose }: { channel: AdminChannel | null; defaultNode?: string; onClose: (saved: boolean) => void }) {
  const lang = useLang();
  const [name, setName] = useState(channel?.name ?? '');
  const [node, setNode] = useState<string[]>(channel ? [channel.node] : defaultNode ? [defaultNode] : []);
  const [role, setRole] = useState<ChannelRole>(channel?.role ?? 'property_operator');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [kind, setKind] = useState<ChannelKind>(channel?.settings.kind ?? 'wecom');
  const [values, setValues] = useState<Record<string, string>>(formValues(channel?.settings, kind));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const masked = (channel?.settings.kind === kind ? channel.settings : {}) as unknown as Record<string, unknown>;

  const chooseKind = (k: ChannelKind) => { setKind(k); setValues(formValues(channel?.settings, k)); };
  const submit = async () => {
    setBusy(true);
    const body = { name, node: node[0] ?? '', role, enabled, settings: settingsBody(kind, values, channel?.settings.kind === kind) };
    try {
      if (channel) await updateChannel(channel.id, body);
      else await createChannel(body);
      onClose(true);
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
      setBusy(false);
    }
  };
  return (
    <form className="admin-form" data-testid="channel-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>{channel ? `${t('edit', lang)} ${channel.name}` : t('newChannel', lang)}</h3>
      <div className="form-grid">
        <label>{t('channelName', lang)}<input data-testid="channel-name" value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>{t('channelRole', lang)}
          <select data-testid="channel-role" value={role} onChange={(e) => setRole(e.target.value as ChannelRole)}>
            {CHANNEL_ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r][lang]}</option>)}
          </select>
        </label>
        <label>{t('channelKind', lang)}
          <select data-testid="channel-kind" value={kind} onChange={(e) => chooseKind(e.target.value as ChannelKind)}>
            {CHANNEL_KINDS.map((k) => <option key={k} value={k}>{CHANNEL_KIND_LABELS[k][lang]}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{t('channelEnabled', lang)}</label>
      </div>
      <fieldset>
        <legend>{t('channelNode', lang)}</legend>
        <SitePicker value={node} onChange={(ids) => setNode(ids.slice(-1))} testId="channel-node" />
      </fieldset>
      <div className="form-grid">
        {KIND_FIELDS[kind].map((f) => {
          const set = (v: string) => setValues((x) => ({ ...x, [f.key]: v }));
          const v = values[f.key] ?? '';
          const stored = masked[f.key];
          const placeholder = f.input === 'secret' && typeof stored === 'string' && stored !== '' ? `${stored} · ${t('secretKept', lang)}` : f.placeholder;
          return (
            <label key={f.key} style={f.input === 'textarea' || f.key === 'url' ? { flexBasis: '100%' } : undefined}>{t(f.label, lang)}
              {f.input === 'select' ? (
                <select data-testid={`channel-field-${f.key}`} value={v || f.options![0]} onChange={(e) => set(e.target.value)}>
                  {f.options!.map((o) => <option key={o} value={o}>{o}</option>)}
                </select>
              ) : f.input === 'textarea' ? (
                <textarea data-testid={`channel-field-${f.key}`} rows={3} spellCheck={false} value={v} placeholder={placeholder} onChange={(e) => set(e.target.value)} style={{ width: '100%', fontFamily: 'monospace' }} />
              ) : (
                <input data-testid={`channel-field-${f.key}`} type={f.input === 'secret' ? 'password' : f.input === 'number' ? 'number' : 'text'} autoComplete="off"
                  value={v} placeholder={placeholder} onChange={(e) => set(e.target.value)} style={f.key === 'url' ? { width: '100%' } : undefined} />
              )}
            </label>
          );
        })}
      </div>
      {error && <p className="bad" role="alert" data-testid="channel-form-error">{error}</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="channel-form-save" disabled={busy}>{t('save', lang)}</button>
        <button type="button" onClick={() => onClose(false)}>{t('cancel', lang)}</button>
      </div>
    </form>
  );
}
