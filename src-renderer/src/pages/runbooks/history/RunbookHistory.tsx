/**
 * A runbook's history: every version, newest first — the shipped text as version 0, each save, each
 * revert — any of which can be read as it was, and made current again (as a new version: history is
 * never rewritten) by those who may edit runbooks, after a confirmation.
 */
import { useEffect, useState } from 'react';
import type { RunbookDetail } from '../../../../../src-shared/domain/runbooks';
import { hasPermission } from '../../../../../src-shared/rbac';
import { useBridge } from '../../../bridge-context';
import { useCallerIdentityStore } from '../../../stores/caller-identity-store';
import { runbookKey, useRunbookDetailStore } from '../../../stores/runbook-detail-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { type ErrorView, toErrorView } from '../../../ui/error-view';
import { formatDateTime } from '../../../ui/format-units';
import { EDIT_PERMISSION, versionKindLabel, versionLabel } from '../runbook-labels';
import { runbooksHref } from '../runbooks-route';
import { InertSteps, RunbookBody } from '../view/RunbookBody';
import { StepConfirm } from '../view/StepConfirm';

export function RunbookHistory({ slug, version }: { slug: string; version: number | null }) {
  const bridge = useBridge();
  const current = useRunbookDetailStore((store) => store.byKey[runbookKey(slug)]);

  useEffect(() => {
    void useRunbookDetailStore.getState().load(bridge, slug);
  }, [bridge, slug]);

  if (!current?.data) {
    return current?.error ? (
      <InlineError error={current.error} testId="runbook-error" stale={false} />
    ) : (
      <Pending>Loading the history of {slug}…</Pending>
    );
  }
  const runbook = current.data;
  const shown = version ?? runbook.version;
  return (
    <div className="runbook-history-page" data-testid="runbook-history-view">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={runbooksHref.list()}>Runbooks</a> / <a href={runbooksHref.runbook(slug)}>{runbook.title}</a> / history
      </nav>
      <div className="runbook-history">
        <VersionList runbook={runbook} shown={shown} />
        <VersionView slug={slug} version={shown} current={runbook} />
      </div>
    </div>
  );
}

function VersionList({ runbook, shown }: { runbook: RunbookDetail; shown: number }) {
  return (
    <Card id="runbook-versions" title={`Versions of ${runbook.title}`}>
      <ol className="runbook-versions">
        {runbook.versions.map((entry) => (
          <li
            key={entry.version}
            className={`runbook-version${entry.version === shown ? ' selected' : ''}`}
            data-testid="version-row"
            data-version={entry.version}
            data-kind={entry.kind}
          >
            <a
              href={runbooksHref.history(runbook.slug, entry.version)}
              aria-current={entry.version === shown ? 'true' : undefined}
              className="runbook-version-link"
            >
              <strong className="num">{versionLabel(entry.version)}</strong>
              {entry.version === runbook.version && <span className="badge badge-ok">current</span>}
            </a>
            <span className="muted">
              {versionKindLabel(entry)}
              {entry.createdAt && ` by ${entry.author}, ${formatDateTime(entry.createdAt)}`}
            </span>
            {entry.note && entry.kind === 'edit' && <span className="runbook-version-note">“{entry.note}”</span>}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function VersionView({ slug, version, current }: { slug: string; version: number; current: RunbookDetail }) {
  const bridge = useBridge();
  const isCurrent = version === current.version;
  const state = useRunbookDetailStore((store) => (isCurrent ? store.byKey[runbookKey(slug)] : store.byKey[runbookKey(slug, version)]));
  const identity = useCallerIdentityStore((store) => store.identity.data);
  const canEdit = identity !== null && hasPermission(identity, EDIT_PERMISSION);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);

  useEffect(() => {
    if (!isCurrent) void useRunbookDetailStore.getState().load(bridge, slug, version);
  }, [bridge, slug, version, isCurrent]);

  async function revert() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      const runbook = await useRunbookDetailStore.getState().revert(bridge, slug, version, current.version);
      window.location.hash = runbooksHref.runbook(runbook.slug);
    } catch (caught) {
      setError(toErrorView(caught));
      setBusy(false);
    }
  }

  const detail = state?.data;
  return (
    <Card
      id="runbook-version"
      title={`${versionLabel(version)}${isCurrent ? ' (current)' : ''}`}
      actions={
        canEdit &&
        !isCurrent && (
          <button
            type="button"
            className="button small"
            onClick={() => setConfirming(true)}
            disabled={busy || confirming}
            data-testid="runbook-revert"
          >
            {busy ? 'Reverting…' : `Make ${versionLabel(version)} current`}
          </button>
        )
      }
    >
      {confirming && (
        <StepConfirm
          plan={`Make the text of ${versionLabel(version)} current again, as v${current.version + 1}. Every version stays in the history; the revert is audited.`}
          confirmLabel={`Revert to ${versionLabel(version)}`}
          onConfirm={() => void revert()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {error && <InlineError error={error} testId="runbook-revert-error" stale={false} />}
      {state?.error && <InlineError error={state.error} testId="runbook-version-error" stale={false} />}
      {!detail && !state?.error && <Pending>Loading {versionLabel(version)}…</Pending>}
      {detail && (
        <div data-testid="runbook-version-body" data-version={version}>
          <RunbookBody blocks={detail.blocks} renderSteps={(steps) => <InertSteps steps={steps} />} />
          <details className="runbook-version-source">
            <summary>Markdown source</summary>
            <pre data-testid="runbook-version-source">{detail.source}</pre>
          </details>
        </div>
      )}
    </Card>
  );
}
