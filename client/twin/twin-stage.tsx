/**
 * The cockpit's centre. Above a community it is the city map of the node's children (city,
 * district, street); a community shows its 3D twin, and a community without one its map of
 * neighbourhoods; a neighbourhood shows its community's twin focused on its buildings (or, with
 * no twin, its community's map). The list of twins is read first so a missing one is not an error.
 */
import { useEffect, useState } from 'react';
import { useLiveState, useLiveStore } from '../app/live-context.ts';
import { getJson } from '../api/api-client.ts';
import { CityMap } from '../city-map/city-map.tsx';
import { TwinView } from './twin-view.tsx';

export function TwinStage({ onOpenBuilding }: { onOpenBuilding?(id: string): void }) {
  const store = useLiveStore();
  const node = useLiveState((s) => s.node);
  const community = node?.level === 'community' ? node.id : node?.level === 'neighbourhood' ? node.parent : null;
  const [twinOf, setTwinOf] = useState<{ community: string; available: boolean } | null>(null);
  useEffect(() => {
    if (!community) return;
    const ac = new AbortController();
    getJson<{ twins: { community: string }[] }>('/api/twins', ac.signal)
      .then((r) => setTwinOf({ community, available: r.twins.some((t) => t.community === community) }))
      .catch(() => { if (!ac.signal.aborted) setTwinOf({ community, available: false }); });
    return () => ac.abort();
  }, [community]);
  if (!node) return null;
  if (!community) return <CityMap node={node.id} />;
  if (twinOf?.community !== community) return null;
  if (!twinOf.available) return <CityMap node={community} />;
  const focus = node.level === 'neighbourhood' ? node.id : null;
  return <TwinView key={community} store={store} community={community} onOpenBuilding={onOpenBuilding} focus={focus} />;
}
