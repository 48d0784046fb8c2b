/**
 * Synthetic checks: the canary turn runs the real pipeline on a copy of each campaign's world and leaves
 * the campaign (world, turn numbers, turn list) exactly as it was; the provider probe reports a working
 * and a broken AI provider; both show as novel_engine_synthetic_* metrics that the default rules read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const admin = identityForRole('admin', 'admin');
const opened: { host: Host; cleanup(): void }[] = [];

function open(provider?: Parameters<typeof createHost>[0]['provider']): Host {
  const data = tempDataDir();
  const host = createHost({
    dataDir: data.dir,
    face: 'headless',
    telemetry: { tracing: false, recorder: { enabled: false } },
    alerts: { enabled: false },
    env: { NOVEL_CONSOLE_LLM_API_KEY: 'test-key' },
    ...(provider ? { provider } : {}),
  });
  opened.push({ host, cleanup: data.cleanup });
  return host;
}

async function metricValue(host: Host, name: string, check: string): Promise<number | undefined> {
  const metric = (await host.services.metrics.registry.getMetricsAsJSON()).find((one) => one.name === name);
  return (metric?.values as { labels: Record<string, string>; value: number }[] | undefined)?.find((value) => value.labels.check === check)
    ?.value;
}

afterEach(async () => {
  for (const { host, cleanup } of opened.splice(0)) {
    await host.close();
    cleanup();
  }
});

describe('synthetic checks', () => {
  it('runs a canary turn per campaign without touching the campaign, and reports success', async () => {
    const host = open();
    const before = await host.rpc.invoke('campaigns.get', { campaignId: 'ashfall-crossing' }, admin);
    const result = await host.services.synthetic.runCanary();
    expect(result).toMatchObject({ check: 'canary_turn', success: true, detail: null });
    expect(await metricValue(host, 'novel_engine_synthetic_check_success', 'canary_turn')).toBe(1);
    expect(await metricValue(host, 'novel_engine_synthetic_check_duration_seconds', 'canary_turn')).toBeGreaterThan(0);
    const after = await host.rpc.invoke('campaigns.get', { campaignId: 'ashfall-crossing' }, admin);
    expect(after).toEqual(before);
    expect((await host.rpc.invoke('turns.list', {}, admin)).total).toBe(0);
    // A story master's turn right after is never refused because of the canary.
    const turn = await host.rpc.invoke('turns.run', { campaignId: 'ashfall-crossing' }, admin);
    expect(turn.number).toBe(1);
  });

  it('lets the event loop turn between campaigns instead of running every canary in one go', async () => {
    const host = open();
    const demo = host.services.campaigns.get('ashfall-crossing');
    if (!demo) throw new Error('the demo campaign is missing');
    host.services.campaigns.insert({ id: 'second', name: 'Second', description: 'copy of the demo world', world: demo.world });
    const order: string[] = [];
    const run = host.services.synthetic.runCanary().then((result) => {
      order.push('canaries done');
      return result;
    });
    // Zero-latency canary turns never wait on I/O: without a yield, both would end before this runs.
    setImmediate(() => order.push('loop turned'));
    expect(await run).toMatchObject({ success: true });
    expect(order).toEqual(['loop turned', 'canaries done']);
  });

  it('skips a campaign whose turn is running', async () => {
    const host = open({ kind: 'simulated', latency: { kind: 'fixed', ms: 300 } });
    const started = host.services.runner.start({ campaignId: 'ashfall-crossing', origin: 'test', startedBy: 'test' });
    expect(await host.services.synthetic.runCanary()).toBeNull();
    await started.done;
  });

  it('probes the configured AI provider: the simulated one answers, an unreachable one fails', async () => {
    const working = open();
    expect(await working.services.synthetic.probeProvider()).toMatchObject({ check: 'ai_provider', success: true });
    expect(await metricValue(working, 'novel_engine_synthetic_check_success', 'ai_provider')).toBe(1);

    const broken = open({ kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', maxRetries: 0, timeoutMs: 2000 });
    const result = await broken.services.synthetic.probeProvider();
    expect(result).toMatchObject({ check: 'ai_provider', success: false });
    expect(result?.detail).toMatch(/127\.0\.0\.1:9/);
    expect(await metricValue(broken, 'novel_engine_synthetic_check_success', 'ai_provider')).toBe(0);
  });
});
