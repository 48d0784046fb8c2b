/**
 * The report renderers over plain data (no engine): every section in HTML and Markdown, hostile text —
 * a `<script>` in a narrative, markup in an agent's name, pipes and brackets in a detail — staying text,
 * the narrative's Markdown formatting kept without raw HTML, links or images, and the waterfall figure
 * drawing error spans red with escaped names.
 */
import { describe, expect, it } from 'vitest';
import { type IncidentReportModel, incidentReportDocument, parseIncidentId } from '../../../src-main/engine/reports/incident-report';
import { loadRenderLibraries } from '../../../src-main/engine/reports/render-libraries';
import { formatCost, formatDuration } from '../../../src-main/engine/reports/report-document';
import { renderReportHtml } from '../../../src-main/engine/reports/report-html';
import { escapeMarkdown, renderReportMarkdown } from '../../../src-main/engine/reports/report-markdown';
import { pdfText } from '../../../src-main/engine/reports/report-pdf';
import { type TurnReportModel, turnReportDocument } from '../../../src-main/engine/reports/turn-report';
import { waterfallSvg } from '../../../src-main/engine/reports/waterfall-svg';
import type { TraceSpan } from '../../../src-shared/domain/trace';

const AT = '2026-11-23T05:00:00.000Z';
const EVIL_NAME = 'Mallory <img src=x onerror=alert(1)> | *bold*';
const EVIL_NARRATIVE =
  'The **storm** broke.\n\n<script>alert("narrative")</script>\n\n[click](https://evil.example/) ![x](http://evil.example/x.png)\n\n- first\n- second';

function span(
  spanId: string,
  parentSpanId: string | null,
  name: string,
  startMs: number,
  durationMs: number,
  status: TraceSpan['status'] = 'ok',
): TraceSpan {
  return { spanId, parentSpanId, name, kind: 'internal', startMs, durationMs, status, statusMessage: null, attributes: {}, events: [] };
}

const spans = [
  span('a', null, 'novel_engine.turn_execution', 1000, 400, 'error'),
  span('b', 'a', 'novel_engine.phase.world_update', 1010, 20),
  span('c', 'a', 'novel_engine.phase.narrative_integration', 1100, 250, 'error'),
  span('d', 'c', 'ai_gateway.narrative <evil>', 1110, 200, 'error'),
];

function turnModel(): TurnReportModel {
  return {
    generatedAt: AT,
    campaignName: 'Ashfall & <Crossing>',
    agentNames: { mallory: EVIL_NAME, bob: 'Bob' },
    trustChanges: [
      {
        id: 1,
        campaignId: 'ashfall',
        agentId: 'mallory',
        oldScore: 80,
        newScore: 70,
        delta: -10,
        reason: 'conflict_loser',
        wasQuarantined: false,
        quarantined: false,
        turnId: 't1',
        turnNumber: 3,
        interactionId: 'i1',
        policyVersion: 1,
        actor: null,
        detail: 'to bob | [link](javascript:alert(1))',
        at: AT,
      },
    ],
    trace: {
      traceId: 'f'.repeat(32),
      rootName: 'novel_engine.turn_execution',
      startedAt: AT,
      durationMs: 400,
      status: 'error',
      spanCount: spans.length,
      errorCount: 3,
      turnId: 't1',
      campaignId: 'ashfall',
      cost: 0.002,
      keptReason: 'error',
      spans,
    },
    detail: {
      turn: {
        id: 't1',
        campaignId: 'ashfall',
        number: 3,
        status: 'compensated',
        origin: 'ui',
        provider: 'simulated',
        seed: 42,
        participants: ['mallory', 'bob'],
        replayOf: null,
        startedAt: AT,
        finishedAt: AT,
        durationMs: 400,
        providerMs: 210,
        completion: 0.8,
        totalAiCost: 0.0021,
        tokensIn: 1200,
        tokensOut: 800,
        failedPhase: 'narrative_integration',
        failureReason: 'provider_error',
        failureMessage: 'injected <fault>',
        startedBy: 'sre',
      },
      configuration: {},
      phases: [
        {
          phase: 'world_update',
          status: 'compensated',
          durationMs: 20,
          eventsProcessed: 6,
          eventsGenerated: 2,
          aiCost: 0,
          tokensIn: 0,
          tokensOut: 0,
          error: null,
        },
        {
          phase: 'narrative_integration',
          status: 'failed',
          durationMs: 250,
          eventsProcessed: 0,
          eventsGenerated: 0,
          aiCost: 0.0021,
          tokensIn: 1200,
          tokensOut: 800,
          error: 'provider_error: <b>boom</b>',
        },
      ],
      briefs: [],
      interactions: [],
      events: [
        {
          id: 'e1',
          type: 'conflict_resolution',
          phase: 'event_integration',
          timestampS: 300,
          spanS: 0,
          participants: ['mallory', 'bob'],
          description: 'Bob prevailed | over <Mallory>',
          interactionId: 'i1',
          removed: true,
        },
      ],
      narrative: { text: EVIL_NARRATIVE, valid: true, storyArcs: ['conflict'], mentionedEventIds: [], reverted: true },
      compensations: [{ seq: 0, type: 'remove_events', phase: 'event_integration', success: true, detail: '1 event removed', at: AT }],
      providerCalls: 7,
      reviews: [],
    },
  };
}

function incidentModel(): IncidentReportModel {
  const alert = {
    fingerprint: '0123456789abcdef',
    ruleName: 'TurnFailureRateCritical',
    state: 'firing' as const,
    severity: 'critical' as const,
    labels: { alertname: 'TurnFailureRateHigh', severity: 'critical' },
    annotations: { summary: '100% of turns <failed>' },
    value: 1,
    activeAt: AT,
    firedAt: AT,
    resolvedAt: null,
    since: AT,
    lastEvaluatedAt: AT,
    episode: 2,
    silencedBy: [],
    inhibitedBy: [],
    acknowledged: { by: 'u1', username: 'oncall', at: AT, comment: '<script>ack()</script>' },
    escalatedAt: null,
  };
  return {
    incidentId: '0123456789abcdef:2',
    alert,
    episode: 2,
    current: true,
    startMs: Date.parse(AT),
    endMs: null,
    transitions: [
      { id: 1, fingerprint: alert.fingerprint, ruleName: alert.ruleName, episode: 2, from: 'inactive', to: 'pending', at: AT, value: 0.75 },
      { id: 2, fingerprint: alert.fingerprint, ruleName: alert.ruleName, episode: 2, from: 'pending', to: 'firing', at: AT, value: 1 },
    ],
    notifications: [],
    comparison: '>',
    threshold: 0.5,
    series: {
      points: [
        [Date.parse(AT) - 60_000, 0.25],
        [Date.parse(AT), null],
        [Date.parse(AT) + 60_000, 1],
        [Date.parse(AT) + 120_000, 0.9],
      ],
      startMs: Date.parse(AT) - 120_000,
      endMs: Date.parse(AT) + 180_000,
    },
    silences: [],
    steps: [
      {
        id: 1,
        incidentId: '0123456789abcdef:2',
        alertName: 'TurnFailureRateHigh',
        slug: 'turn-failures',
        version: 0,
        stepKey: 's1',
        stepText: 'Check the <provider>',
        action: null,
        outcome: 'done',
        detail: '<script>alert("step")</script>',
        actor: 'oncall',
        role: 'developer',
        at: AT,
      },
    ],
    turns: [],
    turnsTotal: 0,
    audit: [],
    generatedAt: AT,
  };
}

describe('turn report renderers', () => {
  const document = turnReportDocument(turnModel());

  it('HTML has every section, the values, and no markup from the data', () => {
    const html = renderReportHtml(document);
    for (const id of ['summary', 'phases', 'trace', 'narrative', 'events', 'compensations', 'trust', 'reviews']) {
      expect(html).toContain(`<section id="${id}" data-section="${id}">`);
    }
    expect(html).not.toMatch(/<script|<img|<b>|<iframe|\s(src|href)="(?!#)/i);
    expect(html).toContain('Mallory &#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('&lt;script&gt;alert(&quot;narrative&quot;)&lt;/script&gt;');
    // The narrative's own Markdown is rendered: emphasis and the list, but links and images as text.
    expect(html).toContain('<strong>storm</strong>');
    expect(html).toMatch(/<li>first<\/li>\s*<li>second<\/li>/);
    expect(html).toContain('[click](https://evil.example/) ![x](http://evil.example/x.png)');
    expect(html).not.toMatch(/<a href="(?!#)/);
    expect(html).toContain(formatCost(0.0021));
    expect(html).toContain(formatDuration(250));
    expect(html).toContain('provider_error: &#60;b&#62;boom&#60;/b&#62;');
  });

  it('Markdown has every section and escapes pipes, brackets and angle brackets from the data', () => {
    const md = renderReportMarkdown(document);
    for (const title of ['Summary', 'Phases', 'Trace', 'Narrative', 'Events', 'Compensations', 'Trust changes', 'Review items']) {
      expect(md).toContain(`\n## ${title}\n`);
    }
    expect(md).not.toMatch(/<script|<img/);
    expect(md).toContain('Mallory &lt;img src=x onerror=alert(1)&gt; \\| \\*bold\\*');
    expect(md).toContain('to bob \\| \\[link\\](javascript:alert(1))');
    expect(md).toContain('> &lt;script&gt;alert("narrative")&lt;/script&gt;');
    expect(md).toContain('> The **storm** broke.');
    // Every table row has as many cells as its header.
    for (const line of md.split('\n').filter((row) => row.startsWith('| Phase | Status | Duration'))) {
      expect(line.split(/(?<!\\)\|/).length).toBe(9);
    }
  });

  it('escapes inline text for one table cell: pipes, emphasis, brackets, angle brackets, line breaks', () => {
    expect(escapeMarkdown('a|b <c> *d* [e]\nf_g')).toBe('a\\|b &lt;c&gt; \\*d\\* \\[e\\] f\\_g');
  });

  it('is the same text for the same model', () => {
    expect(renderReportHtml(turnReportDocument(turnModel()))).toBe(renderReportHtml(document));
    expect(renderReportMarkdown(turnReportDocument(turnModel()))).toBe(renderReportMarkdown(document));
  });
});

describe('incident report renderers', () => {
  const document = incidentReportDocument(incidentModel());

  it('HTML and Markdown have every section; a responder’s text stays text', () => {
    const html = renderReportHtml(document);
    const md = renderReportMarkdown(document);
    for (const id of ['alert', 'values', 'timeline', 'silences', 'runbook-steps', 'turns', 'audit'])
      expect(html).toContain(`data-section="${id}"`);
    for (const title of ['Alert', 'Values', 'Timeline', 'Silences', 'Runbook steps taken', 'Related turns', 'Audit entries']) {
      expect(md).toContain(`\n## ${title}\n`);
    }
    expect(html).not.toContain('<script');
    expect(md).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;alert(&#34;step&#34;)&#60;/script&#62;');
    expect(html).toContain('pending → firing');
    expect(html).toContain('value &#62; 0.5');
    expect(html).toContain('No silence covered this alert during the incident.');
    // The value chart: the threshold dashed, the firing interval shaded, a gap where a sample is missing.
    expect(html).toMatch(/<figure><svg [^>]*role="img" aria-label="The rule&#39;s value for this alert/);
    expect(html).toContain('threshold 0.5');
    expect(html).toContain('fill="#ffe3e3"');
    expect(html).toMatch(/<circle [^>]*fill="#1c7ed6"\/>/);
    expect(html.match(/<path d="M/g)?.length).toBe(1);
    expect(md).toContain('_No turn ran around this incident._');
  });

  it('reads an incident id as fingerprint and optional episode, and refuses anything else', () => {
    expect(parseIncidentId('0123456789abcdef')).toEqual({ fingerprint: '0123456789abcdef', episode: null });
    expect(parseIncidentId('0123456789abcdef:12')).toEqual({ fingerprint: '0123456789abcdef', episode: 12 });
    expect(() => parseIncidentId('0123456789ABCDEF')).toThrow(/not an incident id/);
    expect(() => parseIncidentId('0123456789abcdef:0')).toThrow(/not an incident id/);
  });
});

describe('waterfall figure', () => {
  it('draws one row per span in tree order, errors red, names escaped', () => {
    const figure = waterfallSvg(spans);
    expect(figure.shown).toBe(4);
    expect(figure.omitted).toBe(0);
    expect(figure.svg).toContain('ai_gateway.narrative &#60;evil&#62;');
    expect(figure.svg).not.toContain('<evil>');
    expect(figure.svg.match(/<rect [^>]*fill="#e03131"/g)?.length).toBe(3);
    const order = [...figure.svg.matchAll(/>(novel_engine\.[a-z_.]+|ai_gateway[^<]*)</g)].map((match) => match[1]);
    expect(order).toEqual([
      'novel_engine.turn_execution',
      'novel_engine.phase.world_update',
      'novel_engine.phase.narrative_integration',
      'ai_gateway.narrative &#60;evil&#62;',
    ]);
  });

  it('draws at most 80 rows and says how many it left out', () => {
    const many = [span('root', null, 'novel_engine.turn_execution', 0, 1000)];
    for (let index = 0; index < 120; index++) many.push(span(`s${index}`, 'root', `ai_gateway.call_${index}`, index * 5, 4));
    const figure = waterfallSvg(many);
    expect(figure.shown).toBe(80);
    expect(figure.omitted).toBe(41);
    expect(figure.svg).toContain('… 41 more spans not drawn');
  });
});

describe('PDF text', () => {
  it("keeps every character the shipped DejaVu faces can show and marks the rest '?'", async () => {
    await loadRenderLibraries();
    expect(pdfText('pending → firing, ≥ 5 … — é')).toBe('pending → firing, ≥ 5 … — é');
    expect(pdfText('Ярослава, Ὀδυσσεύς, Łódź ✓\n\tnext')).toBe('Ярослава, Ὀδυσσεύς, Łódź ✓\n\tnext');
    expect(pdfText('漢字 🙂')).toBe('?? ?');
  });
});
