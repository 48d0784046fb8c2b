/**
 * Switches between the light and dark theme; the button names the theme it switches to.
 */
import { useThemeStore } from '../stores/theme-store';
import { MoonIcon, SunIcon } from './icons';

export function ThemeToggle() {
  const theme = useThemeStore((store) => store.theme);
  const source = useThemeStore((store) => store.source);
  const toggle = useThemeStore((store) => store.toggle);
  const next = theme === 'dark' ? 'light' : 'dark';
  const origin = source === 'system' ? 'following your system setting' : 'your choice';
  return (
    <button
      type="button"
      className="button theme-toggle"
      onClick={toggle}
      data-testid="theme-toggle"
      aria-label={`Switch to ${next} theme`}
      title={`Theme: ${theme} (${origin}). Switch to ${next}.`}
    >
      {next === 'dark' ? <MoonIcon /> : <SunIcon />}
      <span className="theme-toggle-label">{next === 'dark' ? 'Dark' : 'Light'}</span>
    </button>
  );
}
