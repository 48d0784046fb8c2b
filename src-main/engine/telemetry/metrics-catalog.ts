/** `metrics.catalog`: what the registry holds, for query builders and the dashboards' metric pickers. */
import type { Registry } from 'prom-client';
import { METRIC_TYPES, type MetricCatalogEntry } from '../../../src-shared/domain/metrics-query';
import type { MetricType } from './metrics-history';

interface RegisteredMetric {
  name: string;
  help: string;
  type: string;
  labelNames?: readonly string[];
}

export function metricCatalog(registry: Registry): MetricCatalogEntry[] {
  return (registry.getMetricsAsArray() as unknown as RegisteredMetric[])
    .filter((metric) => (METRIC_TYPES as readonly string[]).includes(metric.type))
    .map((metric) => ({
      name: metric.name,
      type: metric.type as MetricType,
      help: metric.help,
      labels: [...(metric.labelNames ?? [])],
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The registry's type of a metric family, for queries on metrics not yet recorded. */
export function registryTypeOf(registry: Registry): (metric: string) => MetricType | undefined {
  return (metric) => {
    const type = (registry.getSingleMetric(metric) as unknown as RegisteredMetric | undefined)?.type;
    return type !== undefined && (METRIC_TYPES as readonly string[]).includes(type) ? (type as MetricType) : undefined;
  };
}
