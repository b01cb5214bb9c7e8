/**
 * The analyst's display preferences, kept in localStorage: colour theme (system, light, dark) and the
 * time zone every time is shown in (UTC by default; times always carry their zone label).
 */
import { useSyncExternalStore } from 'react';
import { isTimeZone } from '../../../shared/time-format';

export type Theme = 'system' | 'light' | 'dark';
export interface Preferences {
  theme: Theme;
  /** IANA zone name, or 'UTC'. */
  timeZone: string;
}

const KEY = 'dlens-preferences';
const DEFAULTS: Preferences = { theme: 'system', timeZone: 'UTC' };
const listeners = new Set<() => void>();

function read(): Preferences {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>;
    const theme = stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system';
    const timeZone = typeof stored.timeZone === 'string' && isTimeZone(stored.timeZone) ? stored.timeZone : 'UTC';
    return { theme, timeZone };
  } catch {
    return DEFAULTS;
  }
}

let current = read();

export function setPreferences(change: Partial<Preferences>): void {
  current = { ...current, ...change };
  localStorage.setItem(KEY, JSON.stringify(current));
  applyTheme(current.theme);
  for (const l of listeners) l();
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** The theme goes on <html data-theme>; 'system' leaves it to prefers-color-scheme in styles.css. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

applyTheme(current.theme);
