/**
 * The control-room alert console: header (node, connection, the signed-in user, sound, language, handover),
 * the live list on the left and the selected alert's detail on the right. Owns the session: the
 * hierarchy read, the alert socket, the list reads, the 1 s clock and the sound, all disposed on
 * unmount. The root carries `data-sound` (on, muted, blocked), `data-tones` (tones played) and
 * `data-video-origin` (the video platform camera links go to, from the server's configuration).
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import { fetchClientConfig, fetchHierarchy } from '../api/api-client.ts';
import { UserMenu } from '../auth/user-menu.tsx';
import { setLang, useLang } from '../i18n/i18n-store.ts';
import { msg } from '../i18n/messages.ts';
import { AlertDetailPanel } from './alert-detail/alert-detail.tsx';
import { AlertList } from './alert-list/alert-list.tsx';
import { t, type ConsoleMessage } from './console-messages.ts';
import { HandoverForm } from './handover/handover-form.tsx';
import { DrillForm } from './plan/drill-form.tsx';
import { pt } from './plan/plan-messages.ts';
import { startClock } from './live/clock-store.ts';
import { ConsoleLive } from './live/console-live.ts';
import type { ConsoleStore } from './live/console-store.ts';
import type { AlertSound } from './sound/alert-sound.ts';
import { SoundBanner, SoundToggle } from './sound/sound-controls.tsx';
import { videoOrigin } from './model/nearest-cameras.ts';

export interface ConsoleAppProps {
  store: ConsoleStore;
  sound: AlertSound;
  /** Node from the URL (`?node=`); default the hierarchy's first community. */
  requestedNode: string | null;
}

export function ConsoleApp({ store, sound, requestedNode }: ConsoleAppProps) {
  const lang = useLang();
  const soundState = useStore(sound.api, (s) => s.state);
  const tones = useStore(sound.api, (s) => s.tones);
  const node = useStore(store.api, (s) => s.node);
  const nodes = useStore(store.api, (s) => s.nodes);
  const phase = useStore(store.api, (s) => s.phase);
  const phaseDetail = useStore(store.api, (s) => s.phaseDetail);
  const [handover, setHandover] = useState(false);
  const [drill, setDrill] = useState(false);
  const alarm = useStore(store.api, (s) => hasWaitingCritical(s.records.values()));
  const videoTemplate = useStore(store.api, (s) => s.videoTemplate);

  useEffect(() => startSession(store, sound, requestedNode), [store, sound, requestedNode]);
  const me = nodes.find((n) => n.id === node);

  return (
    <div className="console" data-testid="console" data-sound={soundState} data-tones={tones} data-video-origin={videoOrigin(videoTemplate)}>
      <header className="console-header">
        <h1>{t('title', lang)}</h1>
        <span className="node-name" data-testid="node-name">{me ? me.name[lang] : node ?? ''}</span>
        <span className={`phase phase-${phase}`} data-testid="connection-state" data-phase={phase} title={phaseDetail}>{t(`phase_${phase}` as ConsoleMessage, lang)}</span>
        <span className="spacer" />
        <UserMenu scopeName={(id, l) => nodes.find((n) => n.id === id)?.name[l]} />
        <SoundToggle sound={sound} />
        <button type="button" data-testid="handover-open" onClick={() => setHandover((v) => !v)} disabled={!node}>{t('handover', lang)}</button>
        <button type="button" data-testid="drill-open" onClick={() => setDrill((v) => !v)} disabled={!node}>{pt('startDrill', lang)}</button>
        {node && <a className="button" data-testid="reports-link" href={`/reports.html?kind=shift&node=${encodeURIComponent(node)}`}>{t('reports', lang)}</a>}
        <button type="button" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{msg('langToggle', lang)}</button>
      </header>
      {alarm && <div className="alarm-frame" data-testid="alarm-frame" />}
      <SoundBanner sound={sound} />
      {handover && node && <HandoverForm node={node} onClose={() => setHandover(false)} />}
      {drill && node && <DrillForm store={store} node={node} onClose={() => setDrill(false)} />}
      <main className="console-main">
        <AlertList store={store} />
        <AlertDetailPanel store={store} />
      </main>
    </div>
  );
}

/** Whether any critical alert waits for acknowledgement (the page frame flashes). */
function hasWaitingCritical(records: Iterable<AlertRecord>): boolean {
  for (const a of records) if (a.severity === 'critical' && a.state === 'raised') return true;
  return false;
}

/** Hierarchy, client settings, socket, list reads (at start, after reconnects, on filter changes), clock, sound hook-up. */
function startSession(store: ConsoleStore, sound: AlertSound, requestedNode: string | null): () => void {
  const ac = new AbortController();
  const stopClock = startClock(1000);
  let live: ConsoleLive | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let configRetry: ReturnType<typeof setTimeout> | undefined;
  store.onNewCritical = () => sound.play();
  const unsubFilter = store.api.subscribe((s, prev) => { if (s.filter !== prev.filter) live?.reload(); });

  const start = (node: string) => {
    if (live || ac.signal.aborted) return;
    store.api.setState({ node });
    live = new ConsoleLive({ store, node });
  };
  const loadHierarchy = () => {
    fetchHierarchy(ac.signal).then(({ nodes, home }) => {
      store.api.setState({ nodes });
      const node = requestedNode || home || nodes.find((n) => n.level === 'community')?.id;
      if (node) start(node);
      else store.setPhase('refused', 'console: the hierarchy has no community');
    }, () => {
      if (ac.signal.aborted) return;
      retry = setTimeout(loadHierarchy, 3000);
    });
  };
  const loadClientConfig = () => {
    fetchClientConfig(ac.signal).then((c) => store.api.setState({ videoTemplate: c.videoLinkTemplate }), () => {
      if (ac.signal.aborted) return;
      configRetry = setTimeout(loadClientConfig, 3000);
    });
  };
  if (requestedNode) start(requestedNode);
  loadHierarchy();
  loadClientConfig();

  return () => {
    ac.abort();
    clearTimeout(retry);
    clearTimeout(configRetry);
    unsubFilter();
    live?.dispose();
    stopClock();
    store.onNewCritical = undefined;
  };
}
