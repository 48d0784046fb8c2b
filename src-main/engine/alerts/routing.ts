/**
 * The route tree, as Alertmanager's (routing tree, grouping): a node matches an alert when its matchers
 * do; the alert goes down into the first child that matches, and on to later siblings only while the
 * matching child has `continue`; a node none of whose children matched takes the alert itself. Unset
 * fields (receiver, group_by, timings, escalation) inherit from the parent; the root has Alertmanager's
 * defaults (group_wait 30s, group_interval 5m, repeat_interval 4h). Pure: plain data in, plain data out.
 */
import {
  CONSOLE_RECEIVER,
  GROUP_BY_ALL,
  parseDurationMs,
  type Route,
  type RoutingConfig,
  type RoutingConfigInput,
  RoutingConfig as RoutingConfigSchema,
} from '../../../src-shared/domain/alerts';
import { compileMatchers, type LabelPredicate, type Labels } from './label-matchers';

export const DEFAULT_GROUP_WAIT = '30s';
export const DEFAULT_GROUP_INTERVAL = '5m';
export const DEFAULT_REPEAT_INTERVAL = '4h';

/** What a fresh console routes: everything to the console's own record, one group per alert name; a critical alert inhibits the warning of the same name. */
export const DEFAULT_ROUTING_INPUT: RoutingConfigInput = {
  route: {
    receiver: CONSOLE_RECEIVER,
    groupBy: ['alertname'],
    groupWait: DEFAULT_GROUP_WAIT,
    groupInterval: DEFAULT_GROUP_INTERVAL,
    repeatInterval: DEFAULT_REPEAT_INTERVAL,
  },
  inhibitRules: [
    {
      sourceMatchers: [{ label: 'severity', op: '=', value: 'critical' }],
      targetMatchers: [{ label: 'severity', op: '=', value: 'warning' }],
      equal: ['alertname'],
    },
  ],
};

export function defaultRouting(): RoutingConfig {
  return RoutingConfigSchema.parse(DEFAULT_ROUTING_INPUT);
}

export interface ResolvedRoute {
  /** Position in the tree: `0` is the root, `0.2.1` the second child of its third child. */
  path: string;
  receiver: string;
  matches: LabelPredicate;
  continue: boolean;
  /** Label names, or 'all' for `...`. */
  groupBy: readonly string[] | 'all';
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  escalate: { afterMs: number; receiver: string } | null;
  routes: ResolvedRoute[];
}

function duration(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  return parseDurationMs(text) ?? fallback;
}

function resolve(route: Route, parent: ResolvedRoute | null, path: string): ResolvedRoute {
  const groupBy = route.groupBy === undefined ? (parent?.groupBy ?? []) : route.groupBy.includes(GROUP_BY_ALL) ? 'all' : route.groupBy;
  const node: ResolvedRoute = {
    path,
    receiver: route.receiver ?? parent?.receiver ?? CONSOLE_RECEIVER,
    matches: compileMatchers(route.matchers, `config.route${path === '0' ? '' : ' child'}.matchers`),
    continue: route.continue,
    groupBy,
    groupWaitMs: duration(route.groupWait, parent?.groupWaitMs ?? (parseDurationMs(DEFAULT_GROUP_WAIT) as number)),
    groupIntervalMs: Math.max(
      1000,
      duration(route.groupInterval, parent?.groupIntervalMs ?? (parseDurationMs(DEFAULT_GROUP_INTERVAL) as number)),
    ),
    repeatIntervalMs: duration(route.repeatInterval, parent?.repeatIntervalMs ?? (parseDurationMs(DEFAULT_REPEAT_INTERVAL) as number)),
    escalate: route.escalate
      ? { afterMs: parseDurationMs(route.escalate.after) ?? 0, receiver: route.escalate.receiver }
      : (parent?.escalate ?? null),
    routes: [],
  };
  node.routes = route.routes.map((child, index) => resolve(child, node, `${path}.${index}`));
  return node;
}

export function resolveRoutes(config: RoutingConfig): ResolvedRoute {
  return resolve(config.route, null, '0');
}

/** The routes an alert is notified through (Alertmanager's Route.Match). */
export function matchRoutes(route: ResolvedRoute, labels: Labels): ResolvedRoute[] {
  if (!route.matches(labels)) return [];
  const matched: ResolvedRoute[] = [];
  for (const child of route.routes) {
    const found = matchRoutes(child, labels);
    matched.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return matched.length > 0 ? matched : [route];
}

/** The labels an alert's group is identified by on this route. */
export function groupLabelsOf(route: ResolvedRoute, labels: Labels): Record<string, string> {
  const names = route.groupBy === 'all' ? Object.keys(labels) : route.groupBy;
  const picked: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const value = labels[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Alertmanager-like group key: the route's position and the group labels, e.g. `0.1:{alertname="TurnFailureRateHigh"}`. */
export function groupKeyOf(route: ResolvedRoute, groupLabels: Labels): string {
  const body = Object.keys(groupLabels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(groupLabels[name])}`)
    .join(',');
  return `${route.path}:{${body}}`;
}

/** Every receiver the tree names (escalation receivers included). */
export function receiversOf(config: RoutingConfig): string[] {
  const found = new Set<string>();
  const walk = (route: Route) => {
    if (route.receiver) found.add(route.receiver);
    if (route.escalate) found.add(route.escalate.receiver);
    for (const child of route.routes) walk(child);
  };
  walk(config.route);
  return [...found];
}
