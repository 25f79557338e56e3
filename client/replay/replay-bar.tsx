/**
 * The replay's controls. Before: the header's 回放 button opens a form (from, to, speed; the last
 * hour at 60× by default). During: a bar over the stage that no one can mistake for live — the
 * replayed moment, play and pause, a time slider, the speed, and 返回实时 (back to live).
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { chinaDateTimeText, chinaLocalInputValue, parseChinaLocalInput } from '../../streams/china-time.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { SPEEDS, type ReplayPlayer } from './replay-player.ts';
import { rw } from './replay-words.ts';
import './replay.css';

const MAX_WINDOW_MS = 7 * 86_400_000;

export interface ReplayChoice { from: number; to: number; speed: number }

export function ReplayButton({ onStart }: { onStart(choice: ReplayChoice): void }) {
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [speed, setSpeed] = useState(60);
  const show = () => {
    const now = Date.now();
    setFrom(chinaLocalInputValue(now - 3_600_000));
    setTo(chinaLocalInputValue(now));
    setOpen(true);
  };
  const f = parseChinaLocalInput(from);
  const t = parseChinaLocalInput(to);
  const ok = f < t && t - f <= MAX_WINDOW_MS;
  return (
    <div className="replay-open-wrap">
      <button type="button" className="replay-open" data-testid="replay-open" title={rw('openTitle', lang)} onClick={() => (open ? setOpen(false) : show())}>{rw('open', lang)}</button>
      {open ? (
        <form className="replay-form" data-testid="replay-form" onSubmit={(e) => { e.preventDefault(); if (ok) { setOpen(false); onStart({ from: f, to: t, speed }); } }}>
          <label>{rw('from', lang)}<input type="datetime-local" data-testid="replay-from" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label>{rw('to', lang)}<input type="datetime-local" data-testid="replay-to" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          <label>{rw('speed', lang)}<SpeedSelect value={speed} onChange={setSpeed} /></label>
          {ok ? null : <p className="replay-problem" role="alert">{rw('badWindow', lang)}</p>}
          <div className="replay-form-actions">
            <button type="submit" data-testid="replay-start" disabled={!ok}>{rw('start', lang)}</button>
            <button type="button" onClick={() => setOpen(false)}>{rw('cancel', lang)}</button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function SpeedSelect({ value, onChange }: { value: number; onChange(speed: number): void }) {
  const options = (SPEEDS as readonly number[]).includes(value) ? SPEEDS : [...SPEEDS, value].sort((a, b) => a - b);
  return (
    <select data-testid="replay-speed" value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {options.map((s) => <option key={s} value={s}>{s}×</option>)}
    </select>
  );
}

export function ReplayBar({ player, onExit }: { player: ReplayPlayer; onExit(): void }) {
  const lang = useLang();
  const s = useStore(player.state);
  const playing = s.status === 'playing';
  return (
    <div className="replay-bar" data-testid="replay-bar" data-status={s.status} data-clock={Math.round(s.clock)} role="region" aria-label={rw('replaying', lang)}>
      <span className="replay-badge">{rw('replaying', lang)}</span>
      <span className="replay-clock" data-testid="replay-clock">{chinaDateTimeText(s.clock)}</span>
      <span className="replay-status" data-testid="replay-status">
        {rw(`status_${s.status}`, lang)}{s.status === 'error' ? s.error : ''}{s.buffering ? ` · ${rw('buffering', lang)}` : ''}
      </span>
      <button type="button" data-testid="replay-toggle" disabled={s.status === 'loading' || s.status === 'error'} onClick={() => (playing ? player.pause() : player.play())}>
        {playing ? rw('pause', lang) : rw('play', lang)}
      </button>
      <input
        type="range" className="replay-slider" data-testid="replay-slider" aria-label={rw('timeline', lang)}
        min={s.from} max={s.to} step={1000} value={s.clock} onChange={(e) => player.seek(Number(e.target.value))}
      />
      <span className="replay-window">{chinaDateTimeText(s.from).slice(5, 16)} – {chinaDateTimeText(s.to).slice(5, 16)}</span>
      <SpeedSelect value={s.speed} onChange={(x) => player.setSpeed(x)} />
      <button type="button" className="replay-exit" data-testid="replay-exit" onClick={onExit}>{rw('exit', lang)}</button>
    </div>
  );
}
