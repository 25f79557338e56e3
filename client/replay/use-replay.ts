/**
 * The cockpit's replay, if one is on: started from the header or the URL, moved along when the
 * viewer drills to another node (same window, same moment), ended by 返回实时. The player, its
 * store and timers go when it ends or the page does.
 */
import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { LiveStore } from '../live/live-store.ts';
import { ReplayPlayer } from './replay-player.ts';
import { replayInUrl, setReplayInUrl, type ReplayInUrl } from './replay-url.ts';

export interface ReplayControl {
  player: ReplayPlayer | null;
  start(choice: ReplayInUrl): void;
  exit(): void;
}

export function useReplay(live: LiveStore): ReplayControl {
  const node = useStore(live.api, (s) => s.node);
  const hierarchy = useStore(live.api, (s) => s.hierarchy);
  const [wanted, setWanted] = useState<(ReplayInUrl & { clock?: number }) | null>(replayInUrl);
  const [player, setPlayer] = useState<ReplayPlayer | null>(null);

  useEffect(() => {
    if (!wanted || !node) return;
    const p = new ReplayPlayer({ node: node.id, ...wanted }, { node, hierarchy });
    if (wanted.clock !== undefined) p.seek(wanted.clock);
    setPlayer(p);
    return () => {
      // Drilling elsewhere keeps the window and the moment reached.
      const s = p.state.getState();
      wanted.clock = s.clock;
      p.dispose();
      setPlayer(null);
    };
    // The hierarchy only names nodes: a new copy of it must not restart the replay.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted, node?.id]);

  const start = useCallback((choice: ReplayInUrl) => {
    setReplayInUrl(choice);
    setWanted({ ...choice });
  }, []);
  const exit = useCallback(() => {
    setReplayInUrl(null);
    setWanted(null);
  }, []);
  return { player, start, exit };
}
