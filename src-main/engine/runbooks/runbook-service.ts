/**
 * Runbooks: the shipped ones (resources/runbooks, version 0) and the versions saved in the console, read
 * through one rule — the newest saved version is current, and a version without text follows the shipped
 * file — plus the steps responders record on incidents. Saves and reverts append a version (history is
 * never rewritten) and check the caller's base version, so two editors cannot silently overwrite each
 * other. Recording an action step checks the permission of the action's channel.
 */
import type { z } from 'zod';
import { channels, isChannelName } from '../../../src-shared/contract';
import { describeIssue, type ParsedRunbook, parseRunbook, RUNBOOK_ACTIONS } from '../../../src-shared/domain/runbook-markdown';
import type {
  RunbookDetail,
  RunbookSummary,
  RunbooksListRequest,
  RunbooksRevertRequest,
  RunbooksSaveRequest,
  RunbookVersion,
  StepRecord,
  StepRecordRequest,
} from '../../../src-shared/domain/runbooks';
import { ContractError } from '../../../src-shared/errors';
import { hasPermission, type Identity, primaryRole } from '../../../src-shared/rbac';
import type { TopicBus } from '../topic-bus';
import type { RunbookRepository, StepRecordRow, VersionRow } from './runbook-repository';

/** Who the shipped version is by. */
export const SHIPPED_AUTHOR = 'novel-console';

export interface RunbookServiceOptions {
  repository: RunbookRepository;
  /** Shipped sources by slug. */
  shipped: ReadonlyMap<string, string>;
  now?: () => Date;
  /** Where runbooks.changed and runbooks.step.recorded are published. */
  topics?: Pick<TopicBus, 'publish'>;
}

export interface RunbookService {
  list(request: z.output<typeof RunbooksListRequest>): RunbookSummary[];
  get(slug: string, version?: number): RunbookDetail;
  save(request: z.output<typeof RunbooksSaveRequest>, identity: Identity): RunbookDetail;
  revert(request: z.output<typeof RunbooksRevertRequest>, identity: Identity): RunbookDetail;
  recordStep(request: z.output<typeof StepRecordRequest>, identity: Identity): StepRecord;
  stepRecords(incidentId: string, slug?: string): StepRecord[];
}

/** The current state of one slug: its newest saved row (if any) and its shipped text (if any). */
interface Current {
  slug: string;
  row: VersionRow | undefined;
  shipped: string | undefined;
}

const GONE_SHIPPED = (slug: string) =>
  `---\ntitle: ${slug}\n---\nThis runbook followed the text shipped with an earlier version of the console, which no longer ships it.\n`;

export function createRunbookService(options: RunbookServiceOptions): RunbookService {
  const { repository, shipped } = options;
  const now = options.now ?? (() => new Date());
  const parsed = new Map<string, ParsedRunbook>();

  function parse(source: string): ParsedRunbook {
    let result = parsed.get(source);
    if (!result) {
      result = parseRunbook(source);
      // Sources are immutable per version; a small bound keeps an editing spree from growing the cache.
      if (parsed.size > 500) parsed.clear();
      parsed.set(source, result);
    }
    return result;
  }

  function textOf(slug: string, row: VersionRow | undefined): string {
    if (row?.source != null) return row.source;
    return shipped.get(slug) ?? GONE_SHIPPED(slug);
  }

  function currentOf(slug: string): Current | undefined {
    const row = repository.latestVersion(slug);
    const shippedText = shipped.get(slug);
    if (!row && shippedText === undefined) return undefined;
    return { slug, row, shipped: shippedText };
  }

  function summaryOf({ slug, row, shipped: shippedText }: Current): RunbookSummary {
    const { frontMatter, steps } = parse(textOf(slug, row));
    const followsShipped = row === undefined || row.source === null;
    return {
      slug,
      title: frontMatter.title,
      alerts: frontMatter.alerts,
      tags: frontMatter.tags,
      summary: frontMatter.summary,
      origin: followsShipped && shippedText !== undefined ? 'shipped' : shippedText !== undefined ? 'overridden' : 'user',
      version: row?.version ?? 0,
      updatedAt: row?.createdAt ?? null,
      updatedBy: row?.author ?? SHIPPED_AUTHOR,
      stepCount: steps.length,
      actionCount: steps.filter((step) => step.action !== null).length,
    };
  }

  function versionsOf(slug: string): RunbookVersion[] {
    const rows: RunbookVersion[] = repository.versions(slug).map((row) => ({
      version: row.version,
      kind: row.kind,
      revertedTo: row.revertedTo,
      note: row.note,
      author: row.author,
      createdAt: row.createdAt,
    }));
    if (shipped.has(slug)) rows.push({ version: 0, kind: 'shipped', revertedTo: null, note: '', author: SHIPPED_AUTHOR, createdAt: null });
    return rows;
  }

  function detailOf(current: Current, shownVersion?: number): RunbookDetail {
    const summary = summaryOf(current);
    const shown = shownVersion ?? summary.version;
    let source: string;
    if (shown === summary.version) source = textOf(current.slug, current.row);
    else if (shown === 0) {
      if (current.shipped === undefined)
        throw new ContractError('not_found', `runbook ${current.slug} was not shipped with the console; it has no version 0`);
      source = current.shipped;
    } else {
      const row = repository.version(current.slug, shown);
      if (!row) throw new ContractError('not_found', `runbook ${current.slug} has no version ${shown}; its newest is ${summary.version}`);
      source = textOf(current.slug, row);
    }
    const { blocks, steps } = parse(source);
    return {
      ...summary,
      shownVersion: shown,
      source,
      blocks,
      steps,
      versions: versionsOf(current.slug),
      shipped: current.shipped !== undefined,
    };
  }

  function existing(slug: string): Current {
    const current = currentOf(slug);
    if (!current) throw new ContractError('not_found', `no runbook "${slug}": it is neither shipped nor written in this console`);
    return current;
  }

  function checkBase(current: Current, baseVersion: number): void {
    const version = current.row?.version ?? 0;
    if (version !== baseVersion) {
      const by = current.row ? ` by ${current.row.author} at ${current.row.createdAt}` : '';
      throw new ContractError(
        'conflict',
        `runbook ${current.slug} changed since version ${baseVersion} was opened: version ${version}${by} is current; reload it and apply your change again`,
      );
    }
  }

  function publishChange(row: VersionRow) {
    options.topics?.publish('runbooks.changed', {
      slug: row.slug,
      version: row.version,
      kind: row.kind,
      by: row.author,
      at: row.createdAt,
    });
  }

  return {
    list(request) {
      const slugs = new Set([...shipped.keys(), ...repository.latestVersions().map((row) => row.slug)]);
      const query = request.query?.trim().toLowerCase() ?? '';
      return [...slugs]
        .map((slug) => summaryOf(existing(slug)))
        .filter(
          (summary) =>
            (request.alert === undefined || summary.alerts.includes(request.alert)) &&
            (request.tag === undefined || summary.tags.includes(request.tag)) &&
            (query === '' ||
              [summary.title, summary.slug, summary.summary, ...summary.alerts, ...summary.tags].some((field) =>
                field.toLowerCase().includes(query),
              )),
        )
        .sort((a, b) => a.title.localeCompare(b.title) || a.slug.localeCompare(b.slug));
    },

    get(slug, version) {
      return detailOf(existing(slug), version);
    },

    save(request, identity) {
      const { slug, baseVersion, note } = request;
      const source = request.source.replace(/\r\n?/g, '\n');
      const { issues } = parse(source);
      if (issues.length > 0) {
        throw new ContractError(
          'invalid_request',
          `runbook ${slug} was not saved: ${describeIssue(issues[0] as (typeof issues)[number])}`,
          issues.map((issue) => ({ field: 'source', message: describeIssue(issue) })),
        );
      }
      const row = repository.transaction(() => {
        const current = currentOf(slug);
        if (baseVersion === null) {
          if (current)
            throw new ContractError('conflict', `a runbook named ${slug} already exists; open it and edit it, or choose another name`);
        } else {
          if (!current) throw new ContractError('not_found', `no runbook "${slug}" to edit; save it as a new runbook instead`);
          checkBase(current, baseVersion);
        }
        const next: VersionRow = {
          slug,
          version: (current?.row?.version ?? 0) + 1,
          kind: 'edit',
          source,
          revertedTo: null,
          note,
          author: identity.userId,
          createdAt: now().toISOString(),
        };
        repository.insertVersion(next);
        return next;
      });
      publishChange(row);
      return detailOf(existing(slug));
    },

    revert(request, identity) {
      const { slug, toVersion, baseVersion } = request;
      const row = repository.transaction(() => {
        const current = existing(slug);
        checkBase(current, baseVersion);
        if (toVersion === baseVersion)
          throw new ContractError('invalid_request', `version ${toVersion} of runbook ${slug} is already current`);
        let source: string | null;
        if (toVersion === 0) {
          if (current.shipped === undefined)
            throw new ContractError('not_found', `runbook ${slug} was not shipped with the console; it has no version 0 to revert to`);
          source = null;
        } else {
          const target = repository.version(slug, toVersion);
          if (!target) throw new ContractError('not_found', `runbook ${slug} has no version ${toVersion}`);
          source = target.source;
        }
        const next: VersionRow = {
          slug,
          version: (current.row?.version ?? 0) + 1,
          kind: 'revert',
          source,
          revertedTo: toVersion,
          note: toVersion === 0 ? 'reverted to the shipped text' : `reverted to version ${toVersion}`,
          author: identity.userId,
          createdAt: now().toISOString(),
        };
        repository.insertVersion(next);
        return next;
      });
      publishChange(row);
      return detailOf(existing(slug));
    },

    recordStep(request, identity) {
      const detail = detailOf(existing(request.slug), request.version);
      const step = detail.steps.find((candidate) => candidate.key === request.stepKey);
      if (!step)
        throw new ContractError('not_found', `runbook ${request.slug} version ${request.version} has no step "${request.stepKey}"`);
      if (step.action) {
        const channel = RUNBOOK_ACTIONS[step.action.name].channel;
        if (!isChannelName(channel))
          throw new ContractError(
            'unavailable',
            `this console has no ${channel} channel, so the ${step.action.name} step cannot be taken here`,
          );
        const permission = channels[channel].permission;
        if (permission !== null && !hasPermission(identity, permission))
          throw new ContractError(
            'forbidden',
            `recording the ${step.action.name} step requires the ${permission} permission (of ${channel})`,
          );
      }
      const row = repository.insertStepRecord({
        incidentId: request.incidentId,
        alertName: request.alertName ?? null,
        slug: request.slug,
        version: request.version,
        stepKey: step.key,
        stepText: step.text,
        action: step.action?.name ?? null,
        outcome: request.outcome,
        detail: request.detail,
        actor: identity.userId,
        role: primaryRole(identity),
        at: now().toISOString(),
      });
      const record = toStepRecord(row);
      options.topics?.publish('runbooks.step.recorded', record);
      return record;
    },

    stepRecords(incidentId, slug) {
      return repository.stepRecords(incidentId, slug).map(toStepRecord);
    },
  };
}

function toStepRecord(row: StepRecordRow): StepRecord {
  return { ...row, action: row.action as StepRecord['action'] };
}
