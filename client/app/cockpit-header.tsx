/**
 * Top bar: product title, the watched node with its place in the hierarchy, the clock (China
 * Standard Time), the connection badge, the signed-in user's menu and the language toggle.
 */
import { useEffect, useState } from 'react';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { setLang, useLang } from '../i18n/i18n-store.ts';
import { levelLabel } from '../i18n/labels.ts';
import { msg } from '../i18n/messages.ts';
import { formatDate, formatTime } from '../i18n/time-format.ts';
import { UserMenu } from '../auth/user-menu.tsx';
import { ConnectionBadge } from '../panels/connection-badge/connection-badge.tsx';
import { useLiveState } from './live-context.ts';
import { navigateTo, useRequestedNode } from './navigation.ts';
import { getJson } from '../api/api-client.ts';
import type { TourSummary } from '../../streams/tours/tour.ts';
import { ReplayButton, type ReplayChoice } from '../replay/replay-bar.tsx';

function Clock() {
  const lang = useLang();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="clock">
      <span className="clock-time">{formatTime(now, lang)}</span>
      <span className="clock-date">{formatDate(now, lang)}</span>
    </div>
  );
}

/** The breadcrumb: each level above the watched node drills back up to it; ↑ goes one level up. */
function NodePath({ path }: { path: readonly HierarchyNode[] }) {
  const lang = useLang();
  if (!path.length) return null;
  const parent = path[path.length - 1];
  return (
    <nav className="node-path" data-testid="node-path" aria-label={msg('breadcrumb', lang)}>
      <button type="button" className="node-up" data-testid="node-up" title={`${msg('levelUp', lang)}: ${parent.name[lang]}`} onClick={() => navigateTo(parent.id)}>↑</button>
      {path.map((n) => (
        <span key={n.id} className="node-crumb">
          <button type="button" className="node-crumb-link" data-node={n.id} onClick={() => navigateTo(n.id)}>{n.name[lang]}</button>
          <span className="node-crumb-sep" aria-hidden="true">/</span>
        </span>
      ))}
    </nav>
  );
}

/** Starts the default demo tour from the node shown (the tour comes back to it when it ends). */
function TourStart({ node }: { node: string | null }) {
  const lang = useLang();
  const [tour, setTour] = useState<TourSummary | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    getJson<{ tours: TourSummary[]; default: string | null }>('/api/tours', ac.signal)
      .then((r) => setTour(r.tours.find((t) => t.id === r.default) ?? null))
      .catch(() => { /* No tours for this caller: no button. */ });
    return () => ac.abort();
  }, []);
  if (!tour) return null;
  const href = `?tour=${encodeURIComponent(tour.id)}${node ? `&node=${encodeURIComponent(node)}` : ''}`;
  return <a className="tour-start" data-testid="tour-start" href={href} title={tour.title[lang]}>{msg('startTour', lang)}</a>;
}

export interface CockpitHeaderProps {
  /** A wall screen, which never signs out and is not operated: no user menu, no tour button. */
  wall?: boolean;
  /** A tour is playing (its own controls are on screen): no button to start one. */
  touring?: boolean;
  /** Starts a replay of a past window (absent: no 回放 button, as on a wall or during a replay). */
  onReplay?(choice: ReplayChoice): void;
}

export function CockpitHeader({ wall = false, touring = false, onReplay }: CockpitHeaderProps) {
  const lang = useLang();
  const requestedNode = useRequestedNode();
  const node = useLiveState((s) => s.node);
  const hierarchy = useLiveState((s) => s.hierarchy);
  // While a drill is under way the watched node is unset: name the one asked for from the tree.
  const shown: HierarchyNode | undefined = node ?? hierarchy.find((n) => n.id === requestedNode);
  const byId = new Map(hierarchy.map((n) => [n.id, n]));
  const parentOf = (n: HierarchyNode) => (n.parent === null ? undefined : byId.get(n.parent));
  const path: HierarchyNode[] = [];
  for (let n = shown && parentOf(shown); n; n = parentOf(n)) path.unshift(n);
  return (
    <header className="cockpit-header">
      <div className="title-block">
        <h1>{msg('appTitle', lang)}</h1>
        <div className="node-line">
          <NodePath path={path} />
          <span className="node-name" data-testid="node-name">{shown ? shown.name[lang] : requestedNode ?? ''}</span>
          {shown ? <span className="node-level" data-testid="node-level">{levelLabel(shown.level, lang)}</span> : null}
        </div>
      </div>
      <div className="header-right">
        {touring || wall ? null : <TourStart node={requestedNode} />}
        {onReplay ? <ReplayButton onStart={onReplay} /> : null}
        {touring || wall ? null : (
          <a className="tour-start" data-testid="reports-link" href={`/reports.html?node=${encodeURIComponent(shown?.id ?? requestedNode ?? '')}`} title={msg('reportsTitle', lang)}>{msg('reports', lang)}</a>
        )}
        <ConnectionBadge />
        <Clock />
        {wall ? null : <UserMenu scopeName={(id, l) => byId.get(id)?.name[l]} />}
        <button
          type="button"
          className="lang-toggle"
          data-testid="lang-toggle"
          title={msg('langToggleTitle', lang)}
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {msg('langToggle', lang)}
        </button>
      </div>
    </header>
  );
}
