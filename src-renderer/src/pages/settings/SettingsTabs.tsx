/**
 * The Settings page's own navigation: Tokens, Credentials, the Audit log and Backups.
 */
import type { SettingsRoute, SettingsView } from './settings-route';
import { settingsHref } from './settings-route';

const TABS: { id: SettingsView; label: string; href: string }[] = [
  { id: 'tokens', label: 'Tokens', href: settingsHref.tokens() },
  { id: 'credentials', label: 'Credentials', href: settingsHref.credentials() },
  { id: 'audit', label: 'Audit log', href: settingsHref.audit() },
  { id: 'backups', label: 'Backups', href: settingsHref.backups() },
];

export function SettingsTabs({ route }: { route: SettingsRoute }) {
  return (
    <nav className="subnav" aria-label="Settings views">
      {TABS.map((tab) => (
        <a
          key={tab.id}
          className="subnav-link"
          href={tab.href}
          aria-current={tab.id === route.view ? 'page' : undefined}
          data-testid={`settings-tab-${tab.id}`}
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
