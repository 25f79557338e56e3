/**
 * Notifications (通知): the channels of every node with "send a test", and the routing rules
 * (docs/notifications.md). Channels come masked from the server; the form never shows a secret
 * and keeps it when left blank.
 */
import { useCallback, useEffect, useState } from 'react';
import { CHANNEL_KIND_LABELS } from '../../streams/notify.ts';
import { ROLE_LABELS } from '../../streams/roles.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { deleteChannel, listChannels, testChannel, type AdminChannel } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText } from './error-text.ts';
import { ChannelForm } from './notify-channel-form.tsx';
import { channelTarget } from './notify-fields.ts';
import { RoutingRules } from './notify-rules.tsx';
import { SitePicker } from './site-picker.tsx';

type TestState = { busy: true } | { busy: false; ok: boolean; text: string };

export function NotifyTab() {
  const lang = useLang();
  const [node, setNode] = useState<string[]>([]);
  const [channels, setChannels] = useState<AdminChannel[] | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<AdminChannel | 'new' | null>(null);
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const filter = node[0];
  const reload = useCallback(() => {
    listChannels(filter).then((x) => { setChannels(x); setError(''); }, (e) => setError(t('loadFailed', lang) + errorText(e)));
  }, [filter, lang]);
  useEffect(() => { reload(); }, [reload]);

  const test = async (c: AdminChannel) => {
    setTests((s) => ({ ...s, [c.id]: { busy: true } }));
    try {
      const r = await testChannel(c.id);
      const text = `${r.ok ? t('testOk', lang) : t('testFailed', lang)}${r.status !== null ? ` · ${r.status}` : ''}${r.answer ? ` · ${r.answer}` : ''}`;
      setTests((s) => ({ ...s, [c.id]: { busy: false, ok: r.ok, text } }));
    } catch (e) {
      setTests((s) => ({ ...s, [c.id]: { busy: false, ok: false, text: t('failed', lang) + errorText(e) } }));
    }
  };
  const remove = async (c: AdminChannel) => {
    if (!window.confirm(`${t('delete', lang)} ${c.name}?`)) return;
    try { await deleteChannel(c.id); } catch (e) { setError(t('failed', lang) + errorText(e)); }
    reload();
  };

  return (
    <section className="admin-section" data-testid="notify-tab">
      <h2>{t('notifyChannels', lang)}</h2>
      <p className="muted">{t('notifyChannelsNote', lang)}</p>
      <div className="admin-toolbar">
        <button type="button" data-testid="channel-new" onClick={() => setEditing('new')}>{t('newChannel', lang)}</button>
        <button type="button" onClick={reload}>{t('refresh', lang)}</button>
      </div>
      <fieldset>
        <legend>{t('filterNode', lang)}</legend>
        <SitePicker value={node} onChange={(ids) => setNode(ids.slice(-1))} testId="channel-node-filter" />
      </fieldset>
      {error && <p className="bad" role="alert" data-testid="notify-error">{error}</p>}
      {editing && <ChannelForm channel={editing === 'new' ? null : editing} defaultNode={filter} onClose={(saved) => { setEditing(null); if (saved) reload(); }} />}
      {channels === null ? <p className="muted">{t('loading', lang)}</p> : channels.length === 0 ? <p className="muted">{t('noChannels', lang)}</p> : (
        <table className="admin-table" data-testid="channels-table">
          <thead>
            <tr>
              <th>{t('channelName', lang)}</th><th>{t('channelNode', lang)}</th><th>{t('channelRole', lang)}</th><th>{t('channelKind', lang)}</th>
              <th>{t('channelTarget', lang)}</th><th>{t('channelEnabled', lang)}</th><th>{t('channelWaiting', lang)}</th><th>{t('actions', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => {
              const ts = tests[c.id];
              return (
                <tr key={c.id} data-testid="channel-row" data-channel-id={c.id}>
                  <td>{c.name}<div className="ids">{c.id}</div></td>
                  <td className="ids">{c.node}</td>
                  <td>{ROLE_LABELS[c.role][lang]}</td>
                  <td>{CHANNEL_KIND_LABELS[c.settings.kind][lang]}</td>
                  <td className="ids">{channelTarget(c.settings)}</td>
                  <td>{c.enabled ? t('active', lang) : t('disabled', lang)}</td>
                  <td>{c.waiting}</td>
                  <td className="row-actions">
                    <button type="button" data-testid="channel-test" disabled={ts?.busy} onClick={() => void test(c)}>{ts?.busy ? t('testing', lang) : t('sendTest', lang)}</button>
                    <button type="button" data-testid="channel-edit" onClick={() => setEditing(c)}>{t('edit', lang)}</button>
                    <button type="button" className="danger" data-testid="channel-delete" onClick={() => void remove(c)}>{t('delete', lang)}</button>
                    {ts && !ts.busy && <div data-testid="channel-test-result" className={ts.ok ? 'ok' : 'bad'}>{ts.text}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <RoutingRules />
    </section>
  );
}
