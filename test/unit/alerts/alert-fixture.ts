/**
 * A real alert engine over a real (in-memory) SQLite metrics history, with an injected clock: tests
 * append gauge samples at chosen times and step evaluation and dispatch through time.
 */
import { createAlertEngine } from '../../../src-main/engine/alerts/alert-engine';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import { silentLogger } from '../../../src-main/engine/logger';
import { createMetricsHistory } from '../../../src-main/engine/telemetry/metrics-history';
import { createMetricsQuery } from '../../../src-main/engine/telemetry/metrics-query';
import type { AlertRuleInput, RoutingConfigInput } from '../../../src-shared/domain/alerts';
import { AlertRule, RoutingConfig } from '../../../src-shared/domain/alerts';
import { identityForRole } from '../../../src-shared/rbac';

/** A 15 s-aligned start, so evaluation steps and sample buckets line up. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
export const STEP_MS = 15_000;
export const sre = identityForRole('sre', 'developer');

export function alertFixture() {
  const db: Db = openDatabase({ path: ':memory:' }).db;
  const history = createMetricsHistory(db, { now: () => clock.now });
  const query = createMetricsQuery(history, { minStepS: 15 });
  const clock = { now: T0 };
  const engine = createAlertEngine({
    db,
    metricsQuery: query,
    history,
    logger: silentLogger(),
    now: () => clock.now,
    evaluationStepS: 15,
    loadDefaults: false,
  });
  return {
    history,
    engine,
    clock,
    /** One snapshot at `atMs` with the gauge `name` per label set (a null value leaves that series out). */
    gauge(atMs: number, values: Record<string, number | null>, name = 'test_gauge') {
      const samples = Object.entries(values)
        .filter((entry): entry is [string, number] => entry[1] !== null)
        .map(([series, value]) => ({ name, type: 'gauge' as const, labels: { series }, value }));
      history.appendSnapshot(atMs, samples);
    },
    saveRule(input: AlertRuleInput) {
      return engine.saveRule(AlertRule.parse(input), sre, undefined);
    },
    setRoutes(input: RoutingConfigInput) {
      return engine.setRoutes(RoutingConfig.parse(input), sre, undefined);
    },
    close: (): void => {
      db.close();
    },
  };
}
