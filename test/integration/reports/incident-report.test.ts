/**
 * The incident report on a real host (issue 7): an alert fired through the engine (a recorded sample
 * over a rule's threshold, evaluated), acknowledged, silenced, worked through its runbook (steps recorded
 * on its incident `<fingerprint>:<episode>`), then resolved — with a compensated turn in its window —
 * and exported through reports.incident as HTML, Markdown and PDF. Hostile text typed by a responder
 * stays text; the PDF is read back by poppler; equal data and generatedAt give equal bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { createProvider } from '../../../src-main/engine/orchestrator/providers';
import { identityForRole } from '../../../src-shared/rbac';
import { renderPdf } from '../../fixtures/pdf-pages';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const admin = identityForRole('oncall-admin', 'admin');
const developer = identityForRole('report-dev', 'developer');
const player = identityForRole('report-player', 'player');
const GENERATED_AT = '2026-11-23T06:30:00.000Z';
const HOSTILE = '<script>alert("pwned")</script> & <img src=x onerror=alert(1)>';

let host: Host;
let data: ReturnType<typeof tempDataDir>;
let fingerprint: string;
let incidentId: string;
let failedTurn: string;

async function report(format: 'html' | 'md' | 'pdf', id = incidentId) {
  return (await host.rpc.invoke('reports.incident', { incidentId: id, format, generatedAt: GENERATED_AT }, developer)).file;
}

beforeAll(async () => {
  data = tempDataDir();
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { recorder: { enabled: false } },
    alerts: { enabled: false },
  });
  const failing = host.services.runner.start({
    campaignId: 'ashfall-crossing',
    origin: 'test',
    startedBy: 'incident-test',
    configuration: { seed: 3, failFastOnPhaseFailure: true },
    provider: createProvider({ kind: 'simulated', latency: { kind: 'none' }, faults: { narrative_integration: { errorRate: 1 } } }),
  });
  expect(await failing.done).toBe('compensated');
  failedTurn = failing.turnId;

  const firedAt = Date.now();
  host.services.metricsHistory.appendSnapshot(firedAt, [{ name: 'report_drill_gauge', type: 'gauge', value: 7 }]);
  await host.rpc.invoke(
    'rules.save',
    {
      name: 'ReportDrill',
      rule: {
        name: 'ReportDrill',
        kind: 'threshold',
        severity: 'critical',
        query: { metric: 'report_drill_gauge', fn: 'last', windowS: 60 },
        comparison: '>',
        threshold: 5,
        annotations: { summary: 'drill gauge at {{ $value }}', runbook: 'memory-high' },
      },
    },
    admin,
  );
  host.services.alerts.evaluate(firedAt);
  const { alerts } = await host.rpc.invoke('alerts.list', { states: ['firing'], ruleName: 'ReportDrill' }, admin);
  const alert = alerts[0];
  if (!alert) throw new Error('the drill alert did not fire');
  fingerprint = alert.fingerprint;
  incidentId = `${alert.fingerprint}:${alert.episode}`;

  await host.rpc.invoke('alerts.ack', { fingerprint, comment: 'looking into it' }, admin);
  await host.rpc.invoke(
    'silences.create',
    { matchers: [{ label: 'alertname', value: 'ReportDrill' }], duration: '1h', comment: `drill ${HOSTILE}` },
    admin,
  );
  const { runbook } = await host.rpc.invoke('runbooks.get', { slug: 'memory-high', version: 0 }, admin);
  const step = runbook.steps.find((candidate) => !candidate.action);
  if (!step) throw new Error('memory-high has no checklist step');
  await host.rpc.invoke(
    'runbooks.steps.record',
    { incidentId, alertName: 'ReportDrill', slug: 'memory-high', version: 0, stepKey: step.key, outcome: 'done', detail: HOSTILE },
    admin,
  );

  // The gauge falls back under the threshold a minute later: the episode resolves.
  host.services.metricsHistory.appendSnapshot(firedAt + 60_000, [{ name: 'report_drill_gauge', type: 'gauge', value: 1 }]);
  host.services.alerts.evaluate(firedAt + 60_000);
});

afterAll(async () => {
  await host?.close();
  data?.cleanup();
});

describe('reports.incident', () => {
  it('exports a self-contained HTML report: alert, values, timeline, silences, steps, turns and audit', async () => {
    const file = await report('html');
    expect(file.fileName).toBe(`incident-reportdrill-${fingerprint}-1.html`);
    const html = file.content;
    // Nothing is fetched: no element that loads, no URL (the hostile <img> is escaped text, not an element).
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|script)\b/i);
    expect(html).not.toMatch(/https?:\/\/|url\(/i);
    // The only <script> would be the responder's text: it must stay escaped text.
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62;');
    for (const section of ['alert', 'values', 'timeline', 'silences', 'runbook-steps', 'turns', 'audit']) {
      expect(html).toContain(`data-section="${section}"`);
    }
    expect(html).toContain(incidentId);
    expect(html).toContain('critical');
    expect(html).toContain('value &#62; 5');
    expect(html).toContain('drill gauge at 1');
    // Timeline: pending -> firing -> resolved with the values the engine compared.
    expect(html).toMatch(/firing → resolved<\/td><td class="right">1</);
    expect(html).toContain('by oncall-admin: looking into it');
    // The step taken, by whom, on which runbook.
    expect(html).toMatch(/oncall-admin \(admin\)<\/td><td>memory-high v0<\/td>/);
    // The compensated turn of the window.
    expect(html).toContain(failedTurn);
    // Audit: the ack, the silence and the step record, each with its hash prefix.
    for (const action of ['alerts.ack', 'silences.create', 'runbooks.steps.record']) expect(html).toContain(`<td>${action}</td>`);
    expect(html).toContain(`incident:${incidentId}`);
  });

  it('exports Markdown with every section and the responder’s text escaped', async () => {
    const md = (await report('md')).content;
    for (const title of ['Alert', 'Values', 'Timeline', 'Silences', 'Runbook steps taken', 'Related turns', 'Audit entries']) {
      expect(md).toContain(`\n## ${title}\n`);
    }
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain(failedTurn);
    expect(md).toContain('| done |');
  });

  it('exports a PDF poppler reads, pages not blank', async () => {
    const file = await report('pdf');
    const rendered = renderPdf(Buffer.from(file.content, 'base64'), 'incident');
    expect(rendered.pages).toBeGreaterThanOrEqual(1);
    expect(rendered.info).toMatch(/Title:\s+Incident report: ReportDrill/);
    for (const ink of rendered.ink) expect(ink).toBeGreaterThan(0.005);
    process.stdout.write(`incident report PDF: ${rendered.pages} pages in ${rendered.dir}\n`);
  });

  it('gives identical bytes for the same incident and generatedAt; a bare fingerprint names the current episode', async () => {
    for (const format of ['html', 'md', 'pdf'] as const) {
      expect((await report(format)).content).toBe((await report(format)).content);
    }
    expect((await report('md', fingerprint)).content).toBe((await report('md')).content);
  });

  it("lists a campaign-scoped caller's related turns of its own campaigns only", async () => {
    const scoped = (campaignId: string) => ({
      ...developer,
      userId: `scoped-${campaignId}`,
      campaignAccess: { [campaignId]: [...developer.permissions] },
    });
    const own = await host.rpc.invoke('reports.incident', { incidentId, format: 'md' }, scoped('ashfall-crossing'));
    expect(own.file.content).toContain(failedTurn);
    const other = await host.rpc.invoke('reports.incident', { incidentId, format: 'md' }, scoped('another-campaign'));
    expect(other.file.content).toContain('Related turns');
    expect(other.file.content).not.toContain(failedTurn);
  });

  it('refuses a malformed id, an unknown alert or episode, and a caller without metrics.view', async () => {
    await expect(report('html', 'not-an-id')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(report('html', '0123456789abcdef')).rejects.toMatchObject({ code: 'not_found' });
    await expect(report('html', `${fingerprint}:9`)).rejects.toMatchObject({ code: 'not_found' });
    await expect(host.rpc.invoke('reports.incident', { incidentId, format: 'md' }, player)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
