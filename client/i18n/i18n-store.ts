/**
 * The display language: Simplified Chinese by default (the walls are in Chongqing), English on
 * request. `?lang=en` in the URL or the header toggle switches it; the choice is remembered.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type Lang = 'zh' | 'en';

/** BCP 47 tag of each language, for `<html lang>` and Intl formatters. */
export const LANG_TAGS: Readonly<Record<Lang, string>> = { zh: 'zh-CN', en: 'en' };

const STORAGE_KEY = 'cockpit.lang';

function initialLang(): Lang {
  if (typeof window === 'undefined') return 'zh';
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // Storage may be disabled on locked-down wall PCs; the default will do.
  }
  return 'zh';
}

export const langStore = createStore<{ lang: Lang }>()(() => ({ lang: initialLang() }));

export function setLang(lang: Lang): void {
  langStore.setState({ lang });
  if (typeof document !== 'undefined') document.documentElement.lang = LANG_TAGS[lang];
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See initialLang.
  }
}

/** The current language; re-renders the caller when it changes. */
export function useLang(): Lang {
  return useStore(langStore, (s) => s.lang);
}
