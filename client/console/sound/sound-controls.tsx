/**
 * The sound toggle in the header, and the banner shown while the browser holds sound back (the
 * autoplay rule: an AudioContext needs a user gesture). The page root carries `data-sound`.
 */
import { useStore } from 'zustand';
import { useLang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import type { AlertSound } from './alert-sound.ts';

export function SoundToggle({ sound }: { sound: AlertSound }) {
  const lang = useLang();
  const state = useStore(sound.api, (s) => s.state);
  const label = state === 'on' ? t('soundOn', lang) : state === 'muted' ? t('soundMuted', lang) : t('soundBlocked', lang);
  return (
    <button type="button" className={`sound-toggle sound-${state}`} data-testid="sound-toggle" data-state={state}
      title={state === 'muted' ? t('unmute', lang) : t('mute', lang)}
      onClick={() => {
        if (state === 'blocked') void sound.enable();
        else sound.setMuted(state === 'on');
      }}>
      {state === 'muted' ? '🔇' : '🔊'} {label}
    </button>
  );
}

export function SoundBanner({ sound }: { sound: AlertSound }) {
  const lang = useLang();
  const state = useStore(sound.api, (s) => s.state);
  if (state !== 'blocked') return null;
  return (
    <button type="button" className="sound-banner" data-testid="sound-banner" onClick={() => void sound.enable()}>
      🔈 {t('soundBanner', lang)}
    </button>
  );
}
