/**
 * A runbook's Markdown source, parsed: its YAML front matter (title, the alert names it covers, tags, a
 * one-line summary), its body, and the steps a responder checks off — some of which are console actions.
 * Pure and without zod, so the engine (which stores and serves runbooks) and the renderer's editor
 * preview read a source exactly the same way.
 *
 * A step is a top-level task-list item:
 *
 *     - [ ] Open the Operational dashboard and compare p95 with the provider's latency.
 *     - [ ] action: silence 1h — Silence this alert while the provider recovers
 *     - [ ] action: release-agent
 *     - [ ] action: rerun-turn-ai-disabled
 *     - [ ] action: open-trace
 *
 * `action: <name> [argument]` makes the step a button; text after ` — ` (or ` -- `) is its label, and the
 * indented lines under it describe it. A plain step's text may wrap onto indented lines; after a blank
 * line, indented lines are its details (Markdown). Items inside fenced code, nested lists or
 * block quotes are not steps.
 */
import { parseDocument } from 'yaml';
import {
  defaultActionLabel,
  type ParsedRunbook,
  RUNBOOK_ACTION_NAMES,
  RUNBOOK_SOURCE_MAX_LENGTH,
  type RunbookAction,
  type RunbookBlock,
  type RunbookFrontMatter,
  type RunbookIssue,
  type RunbookStep,
  silenceDurationS,
} from './runbook-vocabulary';

export * from './runbook-vocabulary';

const FRONT_MATTER_KEYS = ['title', 'alerts', 'tags', 'summary'] as const;
const MAX_LIST_ITEMS = 50;
const MAX_NAME_LENGTH = 200;

const STEP_ITEM = /^[-*+] \[[ xX]\] (.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ACTION_PREFIX = /^action:\s*/i;
const LABEL_SEPARATOR = /\s+(?:—|--)\s+/;
const AGENT_ID = /^[\w.:-]{1,200}$/;

function emptyFrontMatter(): RunbookFrontMatter {
  return { title: '', alerts: [], tags: [], summary: '' };
}

/** Splits `---\n…\n---` off the top. `offset` is how many lines the front matter took. */
function splitFrontMatter(source: string): { yaml: string | null; body: string; offset: number } {
  if (!source.startsWith('---\n')) return { yaml: null, body: source, offset: 0 };
  const lines = source.split('\n');
  for (let index = 1; index < lines.length; index++) {
    if (lines[index] === '---' || lines[index] === '...') {
      return { yaml: lines.slice(1, index).join('\n'), body: lines.slice(index + 1).join('\n'), offset: index + 1 };
    }
  }
  return { yaml: null, body: source, offset: 0 };
}

function stringList(value: unknown, key: string, issues: RunbookIssue[]): string[] {
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string' || item.trim() === '' || item.length > MAX_NAME_LENGTH)) {
    issues.push({ line: 1, message: `front matter: ${key} must be a list of names (each 1 to ${MAX_NAME_LENGTH} characters)` });
    return [];
  }
  if (items.length > MAX_LIST_ITEMS) {
    issues.push({ line: 1, message: `front matter: ${key} may name at most ${MAX_LIST_ITEMS} entries` });
    return [];
  }
  return [...new Set(items.map((item: string) => item.trim()))];
}

function parseFrontMatter(yaml: string, issues: RunbookIssue[]): RunbookFrontMatter {
  const frontMatter = emptyFrontMatter();
  const document = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = (error?.linePos?.[0]?.line ?? 0) + 1;
    issues.push({ line, message: `front matter is not valid YAML: ${error?.message.split('\n')[0] ?? 'unreadable'}` });
    return frontMatter;
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined) return frontMatter;
  if (typeof data !== 'object' || Array.isArray(data)) {
    issues.push({ line: 1, message: 'front matter must be a mapping of title, alerts, tags and summary' });
    return frontMatter;
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key))
      issues.push({ line: 1, message: `front matter: unknown key "${key}" (known: ${FRONT_MATTER_KEYS.join(', ')})` });
  }
  for (const key of ['title', 'summary'] as const) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.length > (key === 'title' ? MAX_NAME_LENGTH : 500)) {
      issues.push({
        line: 1,
        message: `front matter: ${key} must be text of at most ${key === 'title' ? MAX_NAME_LENGTH : 500} characters`,
      });
    } else frontMatter[key] = value.trim();
  }
  if (record.alerts !== undefined && record.alerts !== null) frontMatter.alerts = stringList(record.alerts, 'alerts', issues);
  if (record.tags !== undefined && record.tags !== null) frontMatter.tags = stringList(record.tags, 'tags', issues);
  return frontMatter;
}

function parseAction(spec: string, line: number, issues: RunbookIssue[]): RunbookAction | null {
  const [name = '', ...args] = spec.trim().split(/\s+/);
  const known = RUNBOOK_ACTION_NAMES.join(', ');
  const tooMany = (count: number) => {
    if (args.length <= count) return false;
    issues.push({ line, message: `action ${name} takes ${count === 0 ? 'no argument' : 'one argument'}; found "${args.join(' ')}"` });
    return true;
  };
  switch (name) {
    case 'silence': {
      if (tooMany(1)) return null;
      const duration = args[0] ?? '1h';
      const durationS = silenceDurationS(duration);
      if (durationS === undefined) {
        issues.push({ line, message: `action silence: "${duration}" is not a duration from 1m to 30d (e.g. 30m, 1h, 2d)` });
        return null;
      }
      return { name, duration, durationS };
    }
    case 'release-agent': {
      if (tooMany(1)) return null;
      const agentId = args[0] ?? null;
      if (agentId !== null && !AGENT_ID.test(agentId)) {
        issues.push({ line, message: `action release-agent: "${agentId}" is not an agent id` });
        return null;
      }
      return { name, agentId };
    }
    case 'rerun-turn-ai-disabled':
    case 'open-trace':
      return tooMany(0) ? null : { name };
    default:
      issues.push({
        line,
        message: name ? `unknown action "${name}" (known: ${known})` : `an action step names its action (known: ${known})`,
      });
      return null;
  }
}

/** A step's key from its words: lowercase, hyphenated, cut after whole words (at most 48 characters). */
function slugOf(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[`*_~[\]()]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = words[0]?.slice(0, 48) ?? '';
  for (const word of words.slice(1)) {
    if (slug.length + 1 + word.length > 48) break;
    slug += `-${word}`;
  }
  return slug || 'step';
}

function actionKey(action: RunbookAction): string {
  switch (action.name) {
    case 'silence':
      return `action-silence-${action.duration}`;
    case 'release-agent':
      return action.agentId ? `action-release-agent-${slugOf(action.agentId)}` : 'action-release-agent';
    default:
      return `action-${action.name}`;
  }
}

function dedent(lines: string[]): string {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].replace(/\t/g, '    ').length ?? 0);
  const cut = Math.min(...indents);
  return lines
    .map((line) => {
      const expanded = line.replace(/^\t+/, (tabs) => '    '.repeat(tabs.length));
      return expanded.slice(Math.min(cut, /^ */.exec(expanded)?.[0].length ?? 0));
    })
    .join('\n');
}

/** Parses a runbook source; never throws — what is wrong with it is in `issues`. */
export function parseRunbook(raw: string): ParsedRunbook {
  const issues: RunbookIssue[] = [];
  const source = raw.replace(/\r\n?/g, '\n');
  if (source.length > RUNBOOK_SOURCE_MAX_LENGTH)
    issues.push({ line: 0, message: `a runbook is at most ${RUNBOOK_SOURCE_MAX_LENGTH.toLocaleString('en')} characters` });
  const { yaml, body, offset } = splitFrontMatter(source);
  const frontMatter = yaml === null ? emptyFrontMatter() : parseFrontMatter(yaml, issues);
  if (yaml === null && source.startsWith('---\n')) issues.push({ line: 1, message: 'front matter opened with --- is never closed' });

  const lines = body.split('\n');
  const blocks: RunbookBlock[] = [];
  const steps: RunbookStep[] = [];
  const keys = new Map<string, number>();
  let prose: string[] = [];
  let fence: string | null = null;

  const flushProse = () => {
    const text = prose.join('\n').trim();
    prose = [];
    if (text !== '') blocks.push({ kind: 'markdown', text });
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      if (fenceMatch && fenceMatch[1]?.[0] === fence[0] && (fenceMatch[1]?.length ?? 0) >= fence.length && line.trim() === fenceMatch[1])
        fence = null;
      prose.push(line);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1] as string;
      prose.push(line);
      continue;
    }
    const item = STEP_ITEM.exec(line);
    if (!item) {
      prose.push(line);
      continue;
    }
    // A step: its item line, then the indented (or blank) lines under it.
    const lineNumber = offset + index + 1;
    let end = index + 1;
    while (end < lines.length && (/^( {2,}|\t)/.test(lines[end] as string) || (lines[end] as string).trim() === '')) end++;
    let last = end;
    while (last > index + 1 && (lines[last - 1] as string).trim() === '') last--;
    let detailLines = lines.slice(index + 1, last);
    const content = (item[1] as string).trim();
    let action: RunbookAction | null = null;
    let text = content;
    if (!ACTION_PREFIX.test(content)) {
      // A plain step's text may wrap onto the indented lines right under it; a blank line starts its details.
      const wrapped = detailLines.findIndex((detailLine) => detailLine.trim() === '');
      const upTo = wrapped === -1 ? detailLines.length : wrapped;
      text = [content, ...detailLines.slice(0, upTo).map((detailLine) => detailLine.trim())].join(' ');
      detailLines = detailLines.slice(upTo);
    } else {
      const rest = content.replace(ACTION_PREFIX, '');
      const [spec, ...label] = rest.split(LABEL_SEPARATOR);
      action = parseAction(spec ?? '', lineNumber, issues);
      const custom = label.join(' — ').trim();
      text = custom || (action ? defaultActionLabel(action) : rest);
    }
    if (text === '' && !ACTION_PREFIX.test(content)) issues.push({ line: lineNumber, message: 'a step needs text' });
    const base = action ? actionKey(action) : slugOf(text);
    const seen = (keys.get(base) ?? 0) + 1;
    keys.set(base, seen);
    const step: RunbookStep = {
      key: seen === 1 ? base : `${base}-${seen}`,
      line: lineNumber,
      text,
      detail: detailLines.length > 0 ? dedent(detailLines).trim() : '',
      action,
    };
    steps.push(step);
    flushProse();
    const previous = blocks[blocks.length - 1];
    if (previous?.kind === 'steps') previous.steps.push(step);
    else blocks.push({ kind: 'steps', steps: [step] });
    // Blank lines after the step stay with it, so the next item continues the same checklist.
    index = end - 1;
  }
  flushProse();
  if (fence !== null) issues.push({ line: 0, message: 'a fenced code block is never closed' });

  // With broken front matter the title is unknown, not missing: that issue is already named.
  if (frontMatter.title === '' && !(yaml !== null && issues.some((issue) => issue.message.startsWith('front matter')))) {
    const heading = /^# +(.+?)\s*#*\s*$/m.exec(body);
    if (heading?.[1]) frontMatter.title = heading[1].trim();
    else issues.push({ line: 1, message: 'a runbook needs a title: a `title:` in its front matter or a `# Heading`' });
  }
  return { frontMatter, body, blocks, steps, issues };
}
