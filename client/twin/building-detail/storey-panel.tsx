/** The storey list with the clip mode, the explode slider and the reset-view button. */
import { useLang } from '../../i18n/i18n-store.ts';
import type { StoreyNode } from './building-model.ts';
import type { ClipMode } from './storey-layout.ts';
import { dmsg } from './detail-messages.ts';

export interface StoreyPanelProps {
  /** Storeys from lowest to highest. */
  storeys: readonly StoreyNode[];
  /** Rank of the chosen storey, null for none. */
  chosen: number | null;
  clip: ClipMode;
  /** Explode factor in storey heights. */
  explode: number;
  maxExplode: number;
  onChoose(rank: number): void;
  onClip(mode: ClipMode): void;
  onExplode(factor: number): void;
  onResetView(): void;
  /** Rooms in the model (0: no toggle), and whether they are shown. */
  roomCount: number;
  rooms: boolean;
  onRooms(shown: boolean): void;
}

const CLIP_LABEL = { all: 'allStoreys', upTo: 'clipUpTo', only: 'clipOnly' } as const;
const m1 = (x: number, lang: string) => x.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function StoreyPanel({ storeys, chosen, clip, explode, maxExplode, onChoose, onClip, onExplode, onResetView, roomCount, rooms, onRooms }: StoreyPanelProps) {
  const lang = useLang();
  return (
    <aside className="bim-panel bim-storeys" data-testid="bim-storeys">
      <label className="bim-explode">
        <span>{dmsg('explode', lang)} <b data-testid="bim-explode-value">{dmsg('explodeValue', lang, { f: explode.toFixed(1) })}</b></span>
        <input type="range" min={0} max={maxExplode} step={0.1} value={explode} data-testid="bim-explode" onChange={(e) => onExplode(Number(e.currentTarget.value))} />
      </label>
      <div className="bim-clip" role="radiogroup" aria-label={dmsg('storeys', lang)}>
        {(['all', 'upTo', 'only'] as const).map((mode) => (
          <button key={mode} type="button" role="radio" aria-checked={clip === mode} className={clip === mode ? 'on' : ''} data-testid={`bim-clip-${mode}`} onClick={() => onClip(mode)}>
            {dmsg(CLIP_LABEL[mode], lang)}
          </button>
        ))}
      </div>
      {roomCount > 0 && (
        <label className="bim-rooms" title={dmsg('roomsTitle', lang)}>
          <input type="checkbox" checked={rooms} data-testid="bim-rooms" onChange={(e) => onRooms(e.currentTarget.checked)} />
          <span>{dmsg('rooms', lang, { n: roomCount })}</span>
        </label>
      )}
      <h3>{dmsg('storeys', lang)}</h3>
      <ol className="bim-storey-list">
        {storeys.map((s, rank) => ({ s, rank })).reverse().map(({ s, rank }) => (
          <li key={s.name + rank}>
            <button
              type="button"
              className={rank === chosen ? 'on' : chosen !== null && clip !== 'all' && (clip === 'only' ? rank !== chosen : rank > chosen) ? 'off' : ''}
              aria-pressed={rank === chosen}
              data-testid="bim-storey"
              data-storey={s.name}
              title={dmsg('elevation', lang, { e: m1(s.elevationM, lang) })}
              onClick={() => onChoose(rank)}
            >
              <span className="bim-storey-name">{s.name}</span>
              <span className="bim-storey-elev">{m1(s.elevationM, lang)} m</span>
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="bim-reset" data-testid="bim-reset-view" onClick={onResetView}>{dmsg('resetView', lang)}</button>
    </aside>
  );
}
