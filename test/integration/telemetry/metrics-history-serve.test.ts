/**
 * The built CLI: `serve --metrics-interval` records at that interval (what the dashboards' e2e tests
 * rely on), and a bad interval is refused before anything starts.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type ServingCli, startServing } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const cleanups: (() => void)[] = [];
let serving: ServingCli | undefined;

beforeAll(() => assertBuilt());
afterEach(() => {
  serving?.child.kill('SIGKILL');
  serving = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('serve --metrics-interval', () => {
  it('records the registry every interval, visible through metrics.query', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const startedAt = Date.now();
    serving = await startServing(['serve', '--port', '0', '--data-dir', data.dir, '--metrics-interval', '250']);
    const { url, token } = serving;
    const query = async () => {
      const response = await fetch(`${url}/rpc/metrics.query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          metric: 'process_resident_memory_bytes',
          fn: 'last',
          windowS: 1,
          stepS: 1,
          start: new Date(startedAt - 1_000).toISOString(),
          end: new Date().toISOString(),
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { series: { points: [number, number | null][] }[] };
      return (body.series[0]?.points ?? []).filter(([, value]) => value !== null).length;
    };
    let points = 0;
    const deadline = Date.now() + 10_000;
    while (points < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      points = await query();
    }
    // Four 1-second buckets with a sample within a few seconds: the default 15 s could not give that.
    expect(points).toBeGreaterThanOrEqual(4);
  });

  it('refuses an interval below 100 ms', () => {
    const result = runCli(['serve', '--port', '0', '--metrics-interval', '10']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--metrics-interval');
  });
});
