/**
 * The cockpit's centre. Above a community it is the city map of the node's children (city,
 * district, street); a community shows its 3D twin, and a community without one its map of
 * neighbourhoods; a neighbourhood shows its community's twin focused on its buildings (or, with
 * no twin, its community's map). The list of twins is read first so a missing one is not an error.
 *
 * A drill names the next node in the URL at once, while the live session takes a moment to move:
 * meanwhile the map already flies to the node asked for (the same map, the same Deck), and a twin
 * stays until the next node is known.
 */
import { useEffect, useRef, useState } from 'react';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { useLiveState, useLiveStore } from '../app/live-context.ts';
import { useRequestedNode } from '../app/navigation.ts';
import { getJson } from '../api/api-client.ts';
import { CityMap } from '../city-map/city-map.tsx';
import { useLang } from '../i18n/i18n-store.ts';
import { TwinView } from './twin-view.tsx';
import { tw } from './twin-words.ts';

type Stage = { kind: 'map'; node: string; noTwin?: boolean } | { kind: 'twin'; community: string; focus: string | null } | null;

const communityOf = (n: HierarchyNode): string | null => (n.level === 'community' ? n.id : n.level === 'neighbourhood' ? n.parent : null);

export function TwinStage({ onOpenBuilding }: { onOpenBuilding?(id: string): void }) {
  const store = useLiveStore();
  const lang = useLang();
  const requested = useRequestedNode();
  const live = useLiveState((s) => s.node);
  const settled = live && (requested === null || live.id === requested) ? live : undefined;
  const community = settled ? communityOf(settled) : null;
  const [twinOf, setTwinOf] = useState<{ community: string; available: boolean } | null>(null);
  useEffect(() => {
    if (!community) return;
    const ac = new AbortController();
    getJson<{ twins: { community: string }[] }>('/api/twins', ac.signal)
      .then((r) => setTwinOf({ community, available: r.twins.some((t) => t.community === community) }))
      .catch(() => { if (!ac.signal.aborted) setTwinOf({ community, available: false }); });
    return () => ac.abort();
  }, [community]);

  const last = useRef<Stage>(null);
  let stage: Stage;
  if (settled && !community) stage = { kind: 'map', node: settled.id };
  else if (settled && community && twinOf?.community === community) {
    stage = twinOf.available ? { kind: 'twin', community, focus: settled.level === 'neighbourhood' ? settled.id : null } : { kind: 'map', node: community, noTwin: true };
  } else if (last.current?.kind === 'twin') stage = last.current;
  else {
    // Still finding out: the map goes on towards the node asked for (a community's map until its twin is known).
    const next = community ?? requested;
    stage = next ? { kind: 'map', node: next } : null;
  }
  last.current = stage;

  if (!stage) return null;
  if (stage.kind === 'map') return <CityMap node={stage.node} note={stage.noTwin ? tw('noTwin', lang) : undefined} />;
  return <TwinView key={stage.community} store={store} community={stage.community} onOpenBuilding={onOpenBuilding} focus={stage.focus} />;
}
