/**
 * Light/dark theme. Until the user picks one the console follows the OS (prefers-color-scheme) and keeps
 * following it live; a pick is remembered in localStorage and wins from then on.
 */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
export type ThemeSource = 'system' | 'choice';

export const THEME_STORAGE_KEY = 'novel-console.theme';

const darkQuery: MediaQueryList | null = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function systemTheme(): Theme {
  return darkQuery?.matches ? 'dark' : 'light';
}

/** Storage can be disabled (privacy settings); the theme then lasts for the session only. */
function readStoredTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

function storeTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not remembered; the toggle still works for this page.
  }
}

interface ThemeStore {
  theme: Theme;
  source: ThemeSource;
  toggle(): void;
  followSystem(theme: Theme): void;
}

const initialChoice = readStoredTheme();

export const useThemeStore = create<ThemeStore>()((set, get) => ({
  theme: initialChoice ?? systemTheme(),
  source: initialChoice ? 'choice' : 'system',
  toggle() {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    storeTheme(theme);
    set({ theme, source: 'choice' });
  },
  followSystem(theme) {
    if (get().source === 'system') set({ theme });
  },
}));

/** Keeps `<html data-theme>` in step with the store and tracks OS changes; returns the stop function. */
export function syncThemeToDocument(root: HTMLElement): () => void {
  const apply = (theme: Theme) => {
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
  };
  apply(useThemeStore.getState().theme);
  const unsubscribe = useThemeStore.subscribe((state) => apply(state.theme));
  const onSystemChange = (event: MediaQueryListEvent) => useThemeStore.getState().followSystem(event.matches ? 'dark' : 'light');
  darkQuery?.addEventListener('change', onSystemChange);
  return () => {
    unsubscribe();
    darkQuery?.removeEventListener('change', onSystemChange);
  };
}
