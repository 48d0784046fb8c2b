/**
 * The runbook editor: the Markdown source (front matter included) beside a live preview drawn exactly as
 * the runbook will read, with what would stop it from saving named by line. Saving makes a new version
 * (a shipped runbook is overridden, never changed); the version it was edited from goes with it, so an
 * edit made meanwhile by someone else is refused rather than overwritten.
 */
import { Fragment, useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { ParsedRunbook } from '../../../../../src-shared/domain/runbook-vocabulary';
import {
  describeIssue,
  RUNBOOK_ACTION_NAMES,
  RUNBOOK_SLUG_MAX_LENGTH,
  RUNBOOK_SLUG_PATTERN,
} from '../../../../../src-shared/domain/runbook-vocabulary';
import { ContractError } from '../../../../../src-shared/errors';
import { hasPermission } from '../../../../../src-shared/rbac';
import { useBridge } from '../../../bridge-context';
import { useCallerIdentityStore } from '../../../stores/caller-identity-store';
import { runbookKey, useRunbookDetailStore } from '../../../stores/runbook-detail-store';
import { useRunbookListStore } from '../../../stores/runbook-list-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { type ErrorView, toErrorView } from '../../../ui/error-view';
import { EDIT_PERMISSION, versionLabel } from '../runbook-labels';
import { NEW_RUNBOOK_SEGMENT, runbooksHref } from '../runbooks-route';
import { InertSteps, RunbookBody } from '../view/RunbookBody';

const NEW_RUNBOOK = `---
title: 
alerts: []
tags: []
summary: 
---

## What this alert means

## Likely causes in this console

## Confirm

## Act

- [ ] A step a responder ticks off
- [ ] action: silence 1h
`;

/** The parser (with its YAML reader) loads with the editor only: reading a runbook never needs it. */
type Parse = (source: string) => ParsedRunbook;
let parserPromise: Promise<Parse> | null = null;
function loadParser(): Promise<Parse> {
  parserPromise ??= import('../../../../../src-shared/domain/runbook-markdown').then((module) => module.parseRunbook);
  return parserPromise;
}

export function RunbookEditor({ slug }: { slug: string | null }) {
  const bridge = useBridge();
  const state = useRunbookDetailStore((store) => (slug ? store.byKey[runbookKey(slug)] : undefined));
  const identity = useCallerIdentityStore((store) => store.identity);

  useEffect(() => {
    if (slug) void useRunbookDetailStore.getState().load(bridge, slug);
  }, [bridge, slug]);

  if (identity.data && !hasPermission(identity.data, EDIT_PERMISSION)) {
    return (
      <section className="notice-panel" data-testid="runbook-edit-forbidden">
        <h2>Editing runbooks needs the {EDIT_PERMISSION} permission</h2>
        <p>
          You are signed in as {identity.data.roles.join(', ') || 'no role'}. You can read every runbook and take the steps your role
          allows. <a href={slug ? runbooksHref.runbook(slug) : runbooksHref.list()}>Back</a>
        </p>
      </section>
    );
  }
  if (slug === null) return <EditorForm slug={null} initialSource={NEW_RUNBOOK} baseVersion={null} />;
  if (!state?.data) {
    return state?.error ? (
      <InlineError error={state.error} testId="runbook-error" stale={false} />
    ) : (
      <Pending>Loading runbook {slug}…</Pending>
    );
  }
  // The form keeps the version it started from: a save by someone else meanwhile (runbooks.changed
  // refreshes the store) makes this save a conflict instead of silently replacing their version.
  return <EditorForm key={slug} slug={slug} initialSource={state.data.source} baseVersion={state.data.version} title={state.data.title} />;
}

interface EditorFormProps {
  slug: string | null;
  initialSource: string;
  baseVersion: number | null;
  title?: string;
}

function slugProblem(slug: string): string | null {
  if (slug === '') return 'Give the runbook a name: it is its address and what alert rules refer to.';
  if (slug.length > RUNBOOK_SLUG_MAX_LENGTH) return `At most ${RUNBOOK_SLUG_MAX_LENGTH} characters.`;
  if (!RUNBOOK_SLUG_PATTERN.test(slug)) return 'Lowercase words joined by hyphens, e.g. disk-full-on-backup-host.';
  if (slug === NEW_RUNBOOK_SEGMENT) return '“new” is reserved; choose another name.';
  return null;
}

function EditorForm({ slug, initialSource: loadedSource, baseVersion: loadedVersion, title }: EditorFormProps) {
  const bridge = useBridge();
  const ids = useId();
  const [{ initialSource, baseVersion }] = useState({ initialSource: loadedSource, baseVersion: loadedVersion });
  const [source, setSource] = useState(initialSource);
  const [newSlug, setNewSlug] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<(ErrorView & { issues: string[] }) | null>(null);
  const [parse, setParse] = useState<Parse | null>(null);
  const deferred = useDeferredValue(source);
  const parsed = useMemo(() => (parse ? parse(deferred) : null), [parse, deferred]);
  const changed = source !== initialSource;
  const targetSlug = slug ?? newSlug.trim();
  const slugError = slug === null ? slugProblem(targetSlug) : null;
  const issues = parsed?.issues ?? [];

  useEffect(() => {
    let live = true;
    void loadParser().then((parser) => {
      if (live) setParse(() => parser);
    });
    return () => {
      live = false;
    };
  }, []);

  async function save() {
    if (slugError || issues.length > 0) return;
    setSaving(true);
    setError(null);
    try {
      const runbook = await useRunbookDetailStore.getState().save(bridge, { slug: targetSlug, source, baseVersion, note: note.trim() });
      void useRunbookListStore.getState().load(bridge);
      window.location.hash = runbooksHref.runbook(runbook.slug);
    } catch (caught) {
      const view = toErrorView(caught);
      setError({ ...view, issues: caught instanceof ContractError ? (caught.issues ?? []).map((issue) => issue.message) : [] });
      setSaving(false);
    }
  }

  const heading = slug === null ? 'New runbook' : `Edit ${title ?? slug}`;
  return (
    <div className="runbook-editor-page" data-testid="runbook-editor">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={runbooksHref.list()}>Runbooks</a> / {slug ? <a href={runbooksHref.runbook(slug)}>{title ?? slug}</a> : 'new'}
        {slug && ' / edit'}
      </nav>
      <div className="runbook-editor">
        <Card
          id="runbook-source-card"
          title={heading}
          actions={baseVersion !== null && <span className="muted num">editing {versionLabel(baseVersion)}</span>}
          footer={
            <div className="runbook-editor-actions">
              <label className="field runbook-note" htmlFor={`${ids}-note`}>
                <span className="visually-hidden">What changed</span>
                <input
                  id={`${ids}-note`}
                  type="text"
                  maxLength={500}
                  value={note}
                  placeholder="What changed (kept in the history)"
                  onChange={(event) => setNote(event.target.value)}
                  data-testid="runbook-note"
                />
              </label>
              <div className="button-row compact">
                <button
                  type="button"
                  className="button primary"
                  onClick={() => void save()}
                  disabled={saving || Boolean(slugError) || issues.length > 0 || !parsed || (slug !== null && !changed)}
                  aria-busy={saving}
                  data-testid="runbook-save"
                >
                  {saving ? 'Saving…' : slug === null ? 'Create runbook' : 'Save as new version'}
                </button>
                <a className="button" href={slug ? runbooksHref.runbook(slug) : runbooksHref.list()} data-testid="runbook-cancel">
                  Cancel
                </a>
              </div>
            </div>
          }
        >
          {slug === null && (
            <div className="field">
              <label htmlFor={`${ids}-slug`}>Name</label>
              <input
                id={`${ids}-slug`}
                type="text"
                value={newSlug}
                maxLength={RUNBOOK_SLUG_MAX_LENGTH}
                spellCheck={false}
                aria-invalid={newSlug !== '' && slugError !== null}
                aria-describedby={`${ids}-slug-hint`}
                onChange={(event) => setNewSlug(event.target.value)}
                data-testid="runbook-slug"
              />
              <span id={`${ids}-slug-hint`} className={newSlug !== '' && slugError ? 'field-error' : 'field-hint'}>
                {newSlug !== '' && slugError
                  ? slugError
                  : 'Its address (#/runbooks/<name>) and what an alert rule’s runbook annotation names.'}
              </span>
            </div>
          )}
          <div className="field runbook-source-field">
            <label htmlFor={`${ids}-source`}>Markdown</label>
            <textarea
              id={`${ids}-source`}
              className="runbook-source"
              value={source}
              spellCheck={false}
              onChange={(event) => setSource(event.target.value)}
              aria-describedby={`${ids}-issues`}
              data-testid="runbook-source"
            />
          </div>
          <SyntaxHelp />
          <div id={`${ids}-issues`} aria-live="polite">
            {issues.length > 0 && (
              <ul className="runbook-issues" data-testid="runbook-issues">
                {issues.map((issue) => (
                  <li key={`${issue.line}:${issue.message}`} className="field-error">
                    {describeIssue(issue)}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {error && (
            <div data-testid="runbook-save-error">
              <InlineError error={error} testId="runbook-save-error-message" stale={false} />
              {error.code === 'conflict' && slug && (
                <p className="muted">
                  Copy your text, then <a href={runbooksHref.runbook(slug)}>open the current version</a> and edit it again.
                </p>
              )}
            </div>
          )}
        </Card>
        <Card id="runbook-preview-card" title="Preview">
          {!parsed ? (
            <Pending>Loading the preview…</Pending>
          ) : (
            <div data-testid="runbook-preview">
              <h2 className="runbook-title">{parsed.frontMatter.title || <span className="muted">Untitled</span>}</h2>
              {parsed.frontMatter.summary && <p className="runbook-summary">{parsed.frontMatter.summary}</p>}
              <p className="muted runbook-preview-meta">
                alerts: {parsed.frontMatter.alerts.join(', ') || '—'} · tags: {parsed.frontMatter.tags.join(', ') || '—'} ·{' '}
                {parsed.steps.length} steps
              </p>
              <RunbookBody blocks={parsed.blocks} renderSteps={(steps) => <InertSteps steps={steps} />} />
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}

function SyntaxHelp() {
  return (
    <details className="runbook-syntax">
      <summary>How to write steps</summary>
      <p>A step is a top-level task item; its indented lines are its details.</p>
      <pre>
        {`- [ ] Open the Performance dashboard and compare the phases.
- [ ] action: silence 1h — Silence this alert while you work
- [ ] action: release-agent
- [ ] action: rerun-turn-ai-disabled
- [ ] action: open-trace`}
      </pre>
      <p>
        Actions:{' '}
        {RUNBOOK_ACTION_NAMES.map((name, index) => (
          <Fragment key={name}>
            {index > 0 && ', '}
            <code>{name}</code>
          </Fragment>
        ))}
        . A silence takes a duration from 1m to 30d; release-agent may name an agent id. Front matter: <code>title</code>,{' '}
        <code>alerts</code> (alert names), <code>tags</code>, <code>summary</code>.
      </p>
    </details>
  );
}
