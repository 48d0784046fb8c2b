/**
 * The runbooks shipped in resources/runbooks (one Markdown file per runbook, file name = slug), bundled
 * into the engine at build time. A shipped runbook that does not parse is a build defect: loading throws,
 * naming the file and the line, so it never reaches a responder.
 */
import { describeIssue, parseRunbook, RUNBOOK_SLUG_PATTERN } from '../../../src-shared/domain/runbook-markdown';

const bundled = import.meta.glob<string>('../../../resources/runbooks/*.md', { query: '?raw', import: 'default', eager: true });

/** Validates raw sources keyed by file path and returns them keyed by slug; throws on the first bad one. */
export function parseShippedRunbooks(files: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const shipped = new Map<string, string>();
  for (const [path, source] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const slug = path.replace(/^.*\//, '').replace(/\.md$/, '');
    if (!RUNBOOK_SLUG_PATTERN.test(slug)) throw new Error(`runbook ${path}: its file name must be a slug such as turn-latency-high.md`);
    const { issues } = parseRunbook(source);
    if (issues[0]) throw new Error(`runbook ${path} is invalid: ${describeIssue(issues[0])}`);
    shipped.set(slug, source.replace(/\r\n?/g, '\n'));
  }
  return shipped;
}

let cached: ReadonlyMap<string, string> | undefined;

/** The bundled runbooks' sources by slug, checked once. */
export function shippedRunbooks(): ReadonlyMap<string, string> {
  cached ??= parseShippedRunbooks(bundled);
  return cached;
}
