/**
 * The dashboards shipped in resources/dashboards (one JSON file per dashboard, file name = id), bundled
 * into the engine at build time and validated against the Dashboard schema. A definition that does not
 * validate is a build defect: loading throws, naming the file and the field, so it never reaches a user.
 */
import { Dashboard } from '../../../src-shared/domain/dashboard';

const bundled = import.meta.glob<unknown>('../../../resources/dashboards/*.json', { eager: true, import: 'default' });

/** The order SREs meet them in the picker: the overview first, the placeholders last. */
export const DASHBOARD_ORDER = ['executive', 'operational', 'performance', 'security', 'trust'];

function fileId(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.json$/, '');
}

/** Validates raw definitions keyed by file path; throws on the first invalid one. */
export function parseDashboards(files: Readonly<Record<string, unknown>>): Dashboard[] {
  const dashboards = Object.entries(files).map(([path, data]) => {
    const parsed = Dashboard.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw new Error(`dashboard ${path} is invalid${where}: ${issue?.message ?? parsed.error.message}`);
    }
    if (parsed.data.id !== fileId(path))
      throw new Error(`dashboard ${path} has id "${parsed.data.id}"; its file must be named ${parsed.data.id}.json`);
    return parsed.data;
  });
  const rank = (id: string) => {
    const index = DASHBOARD_ORDER.indexOf(id);
    return index === -1 ? DASHBOARD_ORDER.length : index;
  };
  return dashboards.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

let cached: Dashboard[] | undefined;

/** The bundled dashboards, parsed once. */
export function bundledDashboards(): Dashboard[] {
  cached ??= parseDashboards(bundled);
  return cached;
}
