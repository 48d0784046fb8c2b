/**
 * Reading a runbook's source (src-shared/domain/runbook-markdown.ts): the front matter, the steps that
 * become checklist items and buttons, and everything a writer can get wrong, named by line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeIssue, latestStepRecords, parseRunbook, silenceDurationS } from '../../../src-shared/domain/runbook-markdown';

const EXAMPLE = `---
title: Turn latency high
alerts: [TurnLatencyHigh, TurnLatencyCritical]
tags: [turns, latency]
summary: Turns are slow.
---

## What it means

Turns are slow.

- [ ] Open the Performance dashboard.
- [ ] action: silence 1h — Silence while the provider recovers
- [ ] action: rerun-turn-ai-disabled
  If it is fast, the provider is the bottleneck.

  Second paragraph of the detail.

Then some prose.

- [x] action: release-agent mira
- [ ] action: open-trace
`;

describe('runbook front matter', () => {
  it('reads title, alert names, tags and summary', () => {
    const parsed = parseRunbook(EXAMPLE);
    expect(parsed.issues).toEqual([]);
    expect(parsed.frontMatter).toEqual({
      title: 'Turn latency high',
      alerts: ['TurnLatencyHigh', 'TurnLatencyCritical'],
      tags: ['turns', 'latency'],
      summary: 'Turns are slow.',
    });
    expect(parsed.body.startsWith('\n## What it means')).toBe(true);
  });

  it('takes the title from the first level-1 heading when the front matter has none', () => {
    const parsed = parseRunbook('# Disk full\n\nFree space.\n');
    expect(parsed.issues).toEqual([]);
    expect(parsed.frontMatter.title).toBe('Disk full');
    expect(parsed.frontMatter.alerts).toEqual([]);
  });

  it('accepts a single alert name written as a string, and CRLF line endings', () => {
    const parsed = parseRunbook('---\r\ntitle: T\r\nalerts: DiskFull\r\n---\r\n- [ ] step\r\n');
    expect(parsed.issues).toEqual([]);
    expect(parsed.frontMatter.alerts).toEqual(['DiskFull']);
    expect(parsed.steps[0]?.line).toBe(5);
  });

  it('names what is wrong: no title, unknown keys, wrong types, invalid YAML, an unclosed block', () => {
    expect(parseRunbook('Just text.').issues.map(describeIssue)).toEqual([
      'line 1: a runbook needs a title: a `title:` in its front matter or a `# Heading`',
    ]);
    expect(parseRunbook('---\ntitle: T\nalert: [A]\n---\n').issues.map(describeIssue)).toEqual([
      'line 1: front matter: unknown key "alert" (known: title, alerts, tags, summary)',
    ]);
    expect(parseRunbook('---\ntitle: T\ntags: {a: 1}\n---\n').issues.map(describeIssue)).toEqual([
      'line 1: front matter: tags must be a list of names (each 1 to 200 characters)',
    ]);
    const yaml = parseRunbook('---\ntitle: T\nalerts: [A\n---\n').issues;
    expect(yaml).toHaveLength(1);
    expect(yaml[0]?.message).toMatch(/^front matter is not valid YAML/);
    expect(parseRunbook('---\ntitle: T\n').issues.map((issue) => issue.message)).toContain('front matter opened with --- is never closed');
    expect(parseRunbook('# T\n```\n- [ ] x\n').issues.map((issue) => issue.message)).toEqual(['a fenced code block is never closed']);
  });
});

describe('runbook steps', () => {
  const parsed = parseRunbook(EXAMPLE);

  it('turns top-level task items into steps, `action:` items into actions with labels', () => {
    expect(parsed.steps.map((step) => [step.key, step.text, step.action])).toEqual([
      ['open-the-performance-dashboard', 'Open the Performance dashboard.', null],
      ['action-silence-1h', 'Silence while the provider recovers', { name: 'silence', duration: '1h', durationS: 3600 }],
      ['action-rerun-turn-ai-disabled', 'Re-run the failed turn with AI disabled', { name: 'rerun-turn-ai-disabled' }],
      ['action-release-agent-mira', 'Release agent mira from quarantine', { name: 'release-agent', agentId: 'mira' }],
      ['action-open-trace', "Open the failed turn's trace", { name: 'open-trace' }],
    ]);
    expect(parsed.steps.map((step) => step.line)).toEqual([12, 13, 14, 21, 22]);
  });

  it('keeps the indented lines under an item as its details, dedented', () => {
    expect(parsed.steps[2]?.detail).toBe('If it is fast, the provider is the bottleneck.\n\nSecond paragraph of the detail.');
    expect(parsed.steps[0]?.detail).toBe('');
  });

  it("wraps a plain step's text onto its indented lines; after a blank line they are its details", () => {
    const result = parseRunbook(
      '# T\n- [ ] Stop running turns on the campaign\n  and tell its story master.\n\n  The world may be half undone.\n',
    );
    expect(result.steps.map((one) => [one.text, one.detail])).toEqual([
      ['Stop running turns on the campaign and tell its story master.', 'The world may be half undone.'],
    ]);
  });

  it('groups consecutive steps into one checklist between the prose blocks', () => {
    expect(parsed.blocks.map((block) => (block.kind === 'markdown' ? `md:${block.text}` : `steps:${block.steps.length}`))).toEqual([
      'md:## What it means\n\nTurns are slow.',
      'steps:3',
      'md:Then some prose.',
      'steps:2',
    ]);
  });

  it('leaves items in fenced code, nested lists and plain lists alone', () => {
    const source = '# T\n\n```md\n- [ ] action: silence 1h\n```\n\n- plain item\n  - [ ] nested task\n> - [ ] quoted task\n';
    const result = parseRunbook(source);
    expect(result.issues).toEqual([]);
    expect(result.steps).toEqual([]);
    expect(result.blocks).toEqual([{ kind: 'markdown', text: source.trim() }]);
  });

  it('refuses unknown actions, bad durations and stray arguments, naming the line', () => {
    const result = parseRunbook('# T\n- [ ] action: reboot\n- [ ] action: silence 45d\n- [ ] action: open-trace now\n- [ ] action:\n');
    expect(result.issues.map(describeIssue)).toEqual([
      'line 2: unknown action "reboot" (known: silence, release-agent, rerun-turn-ai-disabled, open-trace)',
      'line 3: action silence: "45d" is not a duration from 1m to 30d (e.g. 30m, 1h, 2d)',
      'line 4: action open-trace takes no argument; found "now"',
      'line 5: an action step names its action (known: silence, release-agent, rerun-turn-ai-disabled, open-trace)',
    ]);
  });

  it('gives repeated steps distinct keys', () => {
    const result = parseRunbook('# T\n- [ ] Check it\n- [ ] Check it\n- [ ] action: silence\n- [ ] action: silence 1h\n');
    expect(result.steps.map((step) => step.key)).toEqual(['check-it', 'check-it-2', 'action-silence-1h', 'action-silence-1h-2']);
  });

  it('reads silence durations from a minute to 30 days', () => {
    expect(silenceDurationS('30m')).toBe(1800);
    expect(silenceDurationS('2d')).toBe(172_800);
    expect(silenceDurationS('30d')).toBe(2_592_000);
    for (const bad of ['31d', '0h', '1w', '1h30m', 'h', '']) expect(silenceDurationS(bad)).toBeUndefined();
  });
});

describe('runbook parsing properties', () => {
  const proseLine = fc.stringMatching(/^[A-Za-z][A-Za-z ,.]{0,40}$/);
  const stepText = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,30}[a-z]$/);

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const parsed = parseRunbook(text);
        expect(Array.isArray(parsed.issues)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps step keys unique, and unchanged when prose around the steps is edited', () => {
    fc.assert(
      fc.property(fc.array(stepText, { minLength: 1, maxLength: 8 }), fc.array(proseLine, { maxLength: 5 }), (steps, prose) => {
        const items = steps.map((text) => `- [ ] ${text}`);
        const plain = parseRunbook(['# Title', '', ...items].join('\n'));
        const edited = parseRunbook(
          ['# Title', '', ...prose, '', items.slice(0, 1), '', ...prose, '', ...items.slice(1)].flat().join('\n'),
        );
        const keys = plain.steps.map((step) => step.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(edited.steps.map((step) => step.key)).toEqual(keys);
        expect(plain.steps.map((step) => step.text)).toEqual(steps.map((text) => text.trim()));
      }),
      { numRuns: 200 },
    );
  });

  it('loses no prose: every non-step line of the body is in a markdown block', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            proseLine,
            stepText.map((text) => `- [ ] ${text}`),
          ),
          { maxLength: 12 },
        ),
        (lines) => {
          const parsed = parseRunbook(['# Title', ...lines].join('\n'));
          const prose = parsed.blocks.flatMap((block) =>
            block.kind === 'markdown' ? block.text.split('\n').map((line) => line.trim()) : [],
          );
          for (const line of ['# Title', ...lines.filter((line) => !line.startsWith('- [ ] '))]) expect(prose).toContain(line.trim());
          expect(parsed.steps).toHaveLength(lines.filter((line) => line.startsWith('- [ ] ')).length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('latest step records', () => {
  it('keeps the newest record of each step', () => {
    const records = [
      { id: 3, slug: 'a', stepKey: 'x', outcome: 'unchecked' },
      { id: 1, slug: 'a', stepKey: 'x', outcome: 'done' },
      { id: 2, slug: 'a', stepKey: 'y', outcome: 'failed' },
    ];
    const latest = latestStepRecords(records);
    expect(latest.get('a/x')?.outcome).toBe('unchecked');
    expect(latest.get('a/y')?.outcome).toBe('failed');
  });
});
