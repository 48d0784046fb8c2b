/**
 * The default alert rules shipped in resources/alerts/rules.yaml, bundled into the engine at build time
 * and validated against the AlertRule schema: a rule that does not validate is a build defect, so loading
 * throws naming the rule and the field. Groups in the file become each rule's `group`.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { AlertRule } from '../../../src-shared/domain/alerts';

const files = import.meta.glob<string>('../../../resources/alerts/*.yaml', { query: '?raw', import: 'default', eager: true });

const RulesFile = z.strictObject({
  groups: z.array(z.strictObject({ name: z.string(), rules: z.array(z.record(z.string(), z.unknown())) })),
});

/** Parses a rules file (YAML text); throws naming the file, the rule and the field of the first problem. */
export function parseRulesFile(path: string, text: string): AlertRule[] {
  const file = RulesFile.safeParse(parse(text));
  if (!file.success) throw new Error(`alert rules file ${path} is invalid: ${file.error.issues[0]?.message ?? file.error.message}`);
  const rules: AlertRule[] = [];
  const names = new Set<string>();
  for (const group of file.data.groups) {
    for (const raw of group.rules) {
      const parsed = AlertRule.safeParse({ ...raw, group: group.name });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
        throw new Error(`alert rule ${String(raw.name ?? '?')} in ${path} is invalid${where}: ${issue?.message ?? parsed.error.message}`);
      }
      if (names.has(parsed.data.name)) throw new Error(`alert rule ${parsed.data.name} appears twice in ${path}`);
      names.add(parsed.data.name);
      rules.push(parsed.data);
    }
  }
  return rules;
}

let cached: AlertRule[] | undefined;

export function defaultRules(): AlertRule[] {
  cached ??= Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, text]) => parseRulesFile(path.replace(/^.*\/resources\//, 'resources/'), text));
  return cached;
}
