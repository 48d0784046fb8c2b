/**
 * The runbooks shipped in resources/runbooks: one per default alert rule, each parsing cleanly, naming
 * the alerts it covers and giving the responder steps to take — and the rules' `runbook` annotations
 * point at them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseShippedRunbooks, shippedRunbooks } from '../../../src-main/engine/runbooks/shipped-runbooks';
import { type ChannelName, channels, isChannelName } from '../../../src-shared/contract';
import { parseRunbook, RUNBOOK_ACTIONS } from '../../../src-shared/domain/runbook-markdown';

const RULES_FILE = fileURLToPath(new URL('../../../resources/alerts/rules.yaml', import.meta.url));

/**
 * The default rules as resources/alerts/rules.yaml ships them: the alert's name (its `alertname`, which a
 * warning and a critical rule may share, else the rule's name) and the runbook annotation.
 */
function defaultRules(): { name: string; alertname: string; runbook: string }[] {
  const document = parse(readFileSync(RULES_FILE, 'utf8')) as {
    groups: { rules: { name: string; alertname?: string; annotations?: { runbook?: string } }[] }[];
  };
  return document.groups.flatMap((group) =>
    group.rules.map((rule) => ({ name: rule.name, alertname: rule.alertname ?? rule.name, runbook: rule.annotations?.runbook ?? '' })),
  );
}

describe('shipped runbooks', () => {
  const shipped = shippedRunbooks();

  it('ships one runbook for each default alert of SPEC section 6, the token anomaly and the synthetic checks', () => {
    expect([...shipped.keys()].sort()).toEqual([
      'agent-quarantined',
      'ai-provider-errors',
      'ai-provider-probe-failing',
      'ai-token-usage-anomaly',
      'circuit-breaker-open',
      'compensation-spike',
      'database-size-high',
      'event-loop-lag-high',
      'llm-cost-over-budget',
      'memory-high',
      'synthetic-canary-failing',
      'turn-failure-rate-high',
      'turn-latency-high',
    ]);
  });

  it('each parses cleanly, names its alerts and gives steps, with a silence action', () => {
    for (const [slug, source] of shipped) {
      const parsed = parseRunbook(source);
      expect(parsed.issues, slug).toEqual([]);
      expect(parsed.frontMatter.title, slug).not.toBe('');
      expect(parsed.frontMatter.summary, slug).not.toBe('');
      expect(parsed.frontMatter.alerts.length, slug).toBeGreaterThan(0);
      expect(parsed.steps.length, slug).toBeGreaterThanOrEqual(3);
      expect(
        parsed.steps.some((step) => step.action?.name === 'silence'),
        slug,
      ).toBe(true);
      for (const heading of ['## What this alert means', '## Likely causes in this console', '## Confirm', '## Act'])
        expect(parsed.body, `${slug}: ${heading}`).toContain(heading);
    }
  });

  it('the quarantine runbook releases an agent; the turn runbooks re-run with AI disabled and open the trace', () => {
    const actions = (slug: string) =>
      parseRunbook(shipped.get(slug) ?? '').steps.flatMap((step) => (step.action ? [step.action.name] : []));
    expect(actions('agent-quarantined')).toContain('release-agent');
    for (const slug of ['turn-failure-rate-high', 'compensation-spike', 'ai-provider-errors', 'synthetic-canary-failing'])
      expect(actions(slug), slug).toEqual(expect.arrayContaining(['rerun-turn-ai-disabled', 'open-trace']));
  });

  it('refuses a shipped runbook that does not parse or is misnamed, naming the file and line', () => {
    expect(() => parseShippedRunbooks({ '/resources/runbooks/ok.md': '# Fine\n- [ ] action: reboot\n' })).toThrow(
      'runbook /resources/runbooks/ok.md is invalid: line 2: unknown action "reboot"',
    );
    expect(() => parseShippedRunbooks({ '/resources/runbooks/Bad_Name.md': '# Fine\n' })).toThrow('its file name must be a slug');
  });

  it("matches the default rules: each rule's runbook ships, each runbook names its rules", () => {
    const rules = defaultRules();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.runbook, `${rule.name} has no runbook annotation`).not.toBe('');
      const source = shipped.get(rule.runbook);
      expect(source, `${rule.name} points at runbook ${rule.runbook}, which is not shipped`).toBeDefined();
      expect(parseRunbook(source ?? '').frontMatter.alerts, `runbook ${rule.runbook} should name ${rule.alertname}`).toContain(
        rule.alertname,
      );
    }
    const ruleNames = new Set(rules.map((rule) => rule.alertname));
    for (const [slug, source] of shipped)
      for (const alert of parseRunbook(source).frontMatter.alerts)
        expect(ruleNames.has(alert), `${slug} names unknown rule ${alert}`).toBe(true);
  });
});

describe('runbook actions', () => {
  it("name each action's channel with the permission the contract gives it", () => {
    for (const [name, action] of Object.entries(RUNBOOK_ACTIONS)) {
      expect(isChannelName(action.channel), `${name}: ${action.channel}`).toBe(true);
      const spec = channels[action.channel as ChannelName];
      expect(spec.permission, name).toBe(action.permission);
      expect(spec.mutates, name).toBe(action.mutates);
    }
  });
});
