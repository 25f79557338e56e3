/**
 * The cockpit's centre: the twin of the community being watched (a neighbourhood shows its
 * community's twin). Levels above a community have no single twin, and a community may have none
 * yet; the stage says which. The list of twins is read first so a missing one is not an error.
 */
import { useEffect, useState } from 'react';
import { useLiveState, useLiveStore } from '../app/live-context.ts';
import { getJson } from '../api/api-client.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { TwinView } from './twin-view.tsx';
import { tw } from './twin-words.ts';

export function TwinStage({ onOpenBuilding }: { onOpenBuilding?(id: string): void }) {
  const store = useLiveStore();
  const lang = useLang();
  const node = useLiveState((s) => s.node);
  const community = node?.level === 'community' ? node.id : node?.level === 'neighbourhood' ? node.parent : null;
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    if (!community) return;
    const ac = new AbortController();
    setAvailable(null);
    getJson<{ twins: { community: string }[] }>('/api/twins', ac.signal)
      .then((r) => setAvailable(r.twins.some((t) => t.community === community)))
      .catch(() => { if (!ac.signal.aborted) setAvailable(false); });
    return () => ac.abort();
  }, [community]);
  if (!node) return null;
  if (!community) {
    return <div className="twin-status" data-testid="twin-stage-note">{lang === 'zh' ? `${node.name.zh}：请选择一个社区查看其数字孪生` : `${node.name.en}: choose a community to see its twin`}</div>;
  }
  if (available === null) return null;
  if (!available) return <div className="twin-status" data-testid="twin-stage-note">{tw('noTwin', lang)}</div>;
  return <TwinView key={community} store={store} community={community} onOpenBuilding={onOpenBuilding} />;
}
