/**
 * Standalone page of the building detail (`building.html?community=c-eling&building=b-1`), full
 * screen, until the twin view mounts the component itself. `&probe=1` installs the test handle,
 * `&explode=1.5` opens with the floors spread. Open alerts and meter readings are polled every
 * 10 s so bound elements show their live state.
 */
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { getJson, type ApiLatest } from './api/api-client.ts';
import { LANG_TAGS, langStore, setLang, useLang } from './i18n/i18n-store.ts';
import { BuildingDetail } from './twin/building-detail/building-detail.tsx';
import { deviceStates, type AlertLike, type DeviceLiveState } from './twin/building-detail/device-state.ts';
import type { TwinResponse } from './twin/building-detail/twin-types.ts';
import { dmsg } from './twin/building-detail/detail-messages.ts';
import './app/cockpit.css';

const params = new URLSearchParams(window.location.search);
document.documentElement.lang = LANG_TAGS[langStore.getState().lang];
const POLL_MS = 10_000;
const OPEN_STATES = 'raised,acknowledged,dispatched';

function useLiveDeviceStates(manifest: TwinResponse | null, buildingId: string | null): ReadonlyMap<string, DeviceLiveState> | undefined {
  const [states, setStates] = useState<ReadonlyMap<string, DeviceLiveState>>();
  useEffect(() => {
    if (!manifest || !buildingId) return;
    const abort = new AbortController();
    const community = encodeURIComponent(manifest.community.id);
    const poll = async () => {
      const [alerts, latest] = await Promise.all([
        getJson<{ alerts: AlertLike[] }>(`/api/alerts?node=${community}&state=${OPEN_STATES}&limit=1000`, abort.signal).catch(() => ({ alerts: [] })),
        getJson<{ series: ApiLatest[] }>(`/api/latest?measurement=energy&field=load_kw&tag.building=${encodeURIComponent(buildingId)}`, abort.signal).catch(() => ({ series: [] })),
      ]);
      if (!abort.signal.aborted) setStates(deviceStates(alerts.alerts, latest.series));
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => { abort.abort(); clearInterval(timer); };
  }, [manifest, buildingId]);
  return states;
}

function BuildingPage({ community, initialBuilding }: { community: string; initialBuilding: string | null }) {
  const lang = useLang();
  const [manifest, setManifest] = useState<TwinResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [building, setBuilding] = useState<string | null>(initialBuilding);
  const states = useLiveDeviceStates(manifest, building);

  useEffect(() => {
    const abort = new AbortController();
    getJson<TwinResponse>(`/api/twins/${encodeURIComponent(community)}`, abort.signal)
      .then(setManifest)
      .catch((e: Error) => { if (!abort.signal.aborted) setError(`twin: community ${community}: ${e.message}`); });
    return () => abort.abort();
  }, [community]);

  const open = useCallback((id: string | null) => {
    setBuilding(id);
    const url = new URL(window.location.href);
    if (id) url.searchParams.set('building', id); else url.searchParams.delete('building');
    window.history.replaceState(null, '', url);
  }, []);

  if (error) return <div className="bim-page-error" role="alert" data-testid="page-error">{error}</div>;
  if (!manifest) return <div className="bim-page-error" data-testid="page-loading">{dmsg('loading', lang)}</div>;
  return (
    <div className="bim-page">
      <nav className="bim-picker" data-testid="building-picker">
        <button type="button" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{lang === 'zh' ? 'EN' : '中文'}</button>
        {manifest.buildings.map((b) => (
          <button key={b.id} type="button" data-testid={`open-${b.id}`} className={b.id === building ? 'on' : ''} onClick={() => open(b.id)}>{b.name[lang]}</button>
        ))}
      </nav>
      <div className="bim-stage">
        <BuildingDetail
          manifest={manifest}
          buildingId={building}
          onClose={() => open(null)}
          deviceStates={states}
          initialExplode={Number(params.get('explode') ?? 0) || 0}
          probe={params.get('probe') === '1'}
        />
      </div>
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('twin: building.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <BuildingPage community={params.get('community') ?? 'c-eling'} initialBuilding={params.get('building')} />
  </StrictMode>,
);
