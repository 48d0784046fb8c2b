/**
 * Every page of the console, in navigation order. A capability gets its page here when it exists; the
 * rail, the router and the top bar read only this table.
 */
import type { ComponentType } from 'react';
import { SystemIcon } from '../shell/icons';
import { SystemPage } from './system/SystemPage';

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
  {
    id: 'system',
    title: 'System',
    summary: 'Engine health, where its data lives, and live process vitals',
    Icon: SystemIcon,
    Component: SystemPage,
  },
];

/** The page for a route id; the first page when there is no id. Undefined for an unknown id. */
export function findPage(id: string | null): PageSpec | undefined {
  return id === null ? PAGES[0] : PAGES.find((page) => page.id === id);
}
