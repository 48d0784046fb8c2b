/**
 * The dashboards against a real host: dashboards.list answers through the contract (permission and
 * response schema checked by rpc), and every query of every shipped panel is one the engine's
 * metrics.query accepts — only a metric that lands later may answer not_found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const developer = identityForRole('sre', 'developer');
let host: Host;
let cleanup: () => void;

beforeAll(() => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  host = createHost({ dataDir: data.dir, face: 'headless', telemetry: { tracing: false, recorder: { enabled: false } } });
});

afterAll(async () => {
  await host.close();
  cleanup();
});

describe('dashboards.list', () => {
  it('answers the five dashboards to a caller with metrics.view', async () => {
    const { dashboards } = await host.rpc.invoke('dashboards.list', {}, developer);
    expect(dashboards.map((dashboard) => dashboard.title)).toEqual(['Executive', 'Operational', 'Performance', 'Security', 'Trust']);
  });

  it('refuses a caller without metrics.view', async () => {
    await expect(host.rpc.invoke('dashboards.list', {}, identityForRole('reader', 'player'))).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('every panel query', () => {
  it('is accepted by metrics.query', async () => {
    await host.services.metricsHistory.snapshotRegistry(host.services.metrics.registry, Date.now() - 60_000);
    const { dashboards } = await host.rpc.invoke('dashboards.list', {}, developer);
    const end = new Date().toISOString();
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const refused: string[] = [];
    let asked = 0;
    for (const dashboard of dashboards) {
      for (const panel of dashboard.panels) {
        for (const { ref: _ref, legend: _legend, scale: _scale, denominator, ...query } of panel.queries) {
          for (const one of [query, ...(denominator ? [denominator] : [])]) {
            asked += 1;
            try {
              await host.rpc.invoke('metrics.query', { ...one, start, end, stepS: 60 }, developer);
            } catch (error) {
              const code = error instanceof ContractError ? error.code : 'internal';
              if (code === 'not_found' && one.metric === 'novel_engine_circuit_breaker_state') continue;
              refused.push(`${dashboard.id}/${panel.id} ${one.metric} ${one.fn}: ${code} ${(error as Error).message}`);
            }
          }
        }
      }
    }
    expect(asked).toBeGreaterThan(40);
    expect(refused).toEqual([]);
  });
});
