/**
 * The SQL of runbooks (migration 009): the append-only version rows of runbooks written or edited in the
 * console, and the append-only records of steps taken on incidents. Shipped text lives in resources/ and
 * never in these tables.
 */
import type { Db } from '../db/database';

export interface VersionRow {
  slug: string;
  version: number;
  kind: 'edit' | 'revert';
  /** Null: the shipped text. */
  source: string | null;
  revertedTo: number | null;
  note: string;
  author: string;
  createdAt: string;
}

export interface StepRecordRow {
  id: number;
  incidentId: string;
  alertName: string | null;
  slug: string;
  version: number;
  stepKey: string;
  stepText: string;
  action: string | null;
  outcome: 'done' | 'failed' | 'unchecked';
  detail: string;
  actor: string;
  role: string;
  at: string;
}

export type NewStepRecord = Omit<StepRecordRow, 'id'>;

export interface RunbookRepository {
  /** The newest version row of every slug written in the console. */
  latestVersions(): VersionRow[];
  latestVersion(slug: string): VersionRow | undefined;
  version(slug: string, version: number): VersionRow | undefined;
  /** Newest first. */
  versions(slug: string): VersionRow[];
  insertVersion(row: VersionRow): void;
  /** Runs `work` in one write transaction (IMMEDIATE: a concurrent save waits rather than interleaves). */
  transaction<T>(work: () => T): T;
  insertStepRecord(record: NewStepRecord): StepRecordRow;
  /** Oldest first. */
  stepRecords(incidentId: string, slug?: string): StepRecordRow[];
}

const VERSION_COLUMNS = 'slug, version, kind, source, reverted_to AS revertedTo, note, author, created_at AS createdAt';
const RECORD_COLUMNS =
  'id, incident_id AS incidentId, alert_name AS alertName, slug, version, step_key AS stepKey, step_text AS stepText, action, outcome, detail, actor, role, at';

export function createRunbookRepository(db: Db): RunbookRepository {
  const statements = {
    latestVersions: db.prepare(
      `SELECT ${VERSION_COLUMNS} FROM runbook_versions v WHERE version = (SELECT MAX(version) FROM runbook_versions WHERE slug = v.slug)`,
    ),
    latestVersion: db.prepare(`SELECT ${VERSION_COLUMNS} FROM runbook_versions WHERE slug = ? ORDER BY version DESC LIMIT 1`),
    version: db.prepare(`SELECT ${VERSION_COLUMNS} FROM runbook_versions WHERE slug = ? AND version = ?`),
    versions: db.prepare(`SELECT ${VERSION_COLUMNS} FROM runbook_versions WHERE slug = ? ORDER BY version DESC`),
    insertVersion: db.prepare(
      'INSERT INTO runbook_versions (slug, version, kind, source, reverted_to, note, author, created_at) VALUES (@slug, @version, @kind, @source, @revertedTo, @note, @author, @createdAt)',
    ),
    insertStepRecord: db.prepare(
      `INSERT INTO runbook_step_records (incident_id, alert_name, slug, version, step_key, step_text, action, outcome, detail, actor, role, at)
       VALUES (@incidentId, @alertName, @slug, @version, @stepKey, @stepText, @action, @outcome, @detail, @actor, @role, @at)`,
    ),
    stepRecords: db.prepare(`SELECT ${RECORD_COLUMNS} FROM runbook_step_records WHERE incident_id = ? ORDER BY id`),
    stepRecordsOfSlug: db.prepare(`SELECT ${RECORD_COLUMNS} FROM runbook_step_records WHERE incident_id = ? AND slug = ? ORDER BY id`),
  };

  return {
    latestVersions: () => statements.latestVersions.all() as VersionRow[],
    latestVersion: (slug) => statements.latestVersion.get(slug) as VersionRow | undefined,
    version: (slug, version) => statements.version.get(slug, version) as VersionRow | undefined,
    versions: (slug) => statements.versions.all(slug) as VersionRow[],
    insertVersion: (row) => {
      statements.insertVersion.run(row);
    },
    transaction: (work) => db.transaction(work).immediate(),
    insertStepRecord: (record) => {
      const { lastInsertRowid } = statements.insertStepRecord.run(record);
      return { id: Number(lastInsertRowid), ...record };
    },
    stepRecords: (incidentId, slug) =>
      (slug === undefined ? statements.stepRecords.all(incidentId) : statements.stepRecordsOfSlug.all(incidentId, slug)) as StepRecordRow[],
  };
}
