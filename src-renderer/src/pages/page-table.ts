/**
 * Every page of the console, in navigation order. A capability gets its page here when it exists; the
 * rail, the router and the top bar read only this table.
 */
import type { ComponentType } from 'react';
import { BellIcon, DashboardsIcon, RunbookIcon, SettingsIcon, SystemIcon, TracesIcon, TrustIcon, TurnsIcon } from '../shell/icons';
import { AlertsPage } from './alerts/AlertsPage';
import { ALERTS_PAGE_ID } from './alerts/alerts-route';
import { DashboardsPage } from './dashboards/DashboardsPage';
import { DASHBOARDS_PAGE_ID } from './dashboards/dashboards-route';
import { RunbooksPage } from './runbooks/RunbooksPage';
import { RUNBOOKS_PAGE_ID } from './runbooks/runbooks-route';
import { SettingsPage } from './settings/SettingsPage';
import { SETTINGS_PAGE_ID } from './settings/settings-route';
import { SystemPage } from './system/SystemPage';
import { TracesPage } from './traces/TracesPage';
import { TRACES_PAGE_ID } from './traces/traces-route';
import { TrustPage } from './trust/TrustPage';
import { TRUST_PAGE_ID } from './trust/trust-route';
import { TurnsPage } from './turns/TurnsPage';
import { TURNS_PAGE_ID } from './turns/turns-route';

export interface PageSpec {
  /** URL id: the page lives at `#/<id>`. */
  id: string;
  title: string;
  /** One line under the title in the top bar. */
  summary: string;
  Icon: ComponentType;
  Component: ComponentType;
}

export const PAGES: readonly [PageSpec, ...PageSpec[]] = [
  // First: SREs land on the dashboards.
  {
    id: DASHBOARDS_PAGE_ID,
    title: 'Dashboards',
    summary: 'Turns, latency, AI cost and the engine process over time, from the recorded metrics history',
    Icon: DashboardsIcon,
    Component: DashboardsPage,
  },
  {
    id: 'system',
    title: 'System',
    summary: 'Engine health, where its data lives, and live process vitals',
    Icon: SystemIcon,
    Component: SystemPage,
  },
  {
    id: TURNS_PAGE_ID,
    title: 'Turns',
    summary: 'Run a turn and watch its phases, read the result, replay, diff, and work the review queue',
    Icon: TurnsIcon,
    Component: TurnsPage,
  },
  {
    id: TRUST_PAGE_ID,
    title: 'Trust',
    summary: 'Agents’ trust scores and trends, each agent’s history with its reasons, quarantines and their release',
    Icon: TrustIcon,
    Component: TrustPage,
  },
  {
    id: TRACES_PAGE_ID,
    title: 'Traces',
    summary: 'Search the kept traces and read one as a waterfall: where a turn’s time and money went',
    Icon: TracesIcon,
    Component: TracesPage,
  },
  {
    id: ALERTS_PAGE_ID,
    title: 'Alerts',
    summary: 'What is firing and why, silences, the alert rules with a live preview, and the notification channels',
    Icon: BellIcon,
    Component: AlertsPage,
  },
  {
    id: RUNBOOKS_PAGE_ID,
    title: 'Runbooks',
    summary: 'What to do when an alert fires: checklists whose steps silence, release, re-run and open traces, kept per incident',
    Icon: RunbookIcon,
    Component: RunbooksPage,
  },
  // Last: administration (tokens, credentials, the audit log) is rare work, for admins only.
  {
    id: SETTINGS_PAGE_ID,
    title: 'Settings',
    summary: 'Who you are signed in as; mint and revoke tokens, keep credentials in the OS keychain, check the audit log, and take backups',
    Icon: SettingsIcon,
    Component: SettingsPage,
  },
];

/** The page for a route id; the first page when there is no id. Undefined for an unknown id. */
export function findPage(id: string | null): PageSpec | undefined {
  return id === null ? PAGES[0] : PAGES.find((page) => page.id === id);
}
