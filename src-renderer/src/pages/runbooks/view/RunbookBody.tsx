/**
 * A runbook's body in reading order: its Markdown between the checklists of steps. `renderSteps` draws
 * a checklist — live steps in the view, inert ones in the editor's preview and the history.
 */
import type { ReactNode } from 'react';
import type { RunbookBlock, RunbookStep } from '../../../../../src-shared/domain/runbook-vocabulary';
import { RunbookMarkdown } from '../RunbookMarkdown';

interface RunbookBodyProps {
  blocks: readonly RunbookBlock[];
  renderSteps(steps: readonly RunbookStep[], index: number): ReactNode;
  testId?: string;
}

export function RunbookBody({ blocks, renderSteps, testId }: RunbookBodyProps) {
  if (blocks.length === 0) return <p className="muted">This runbook has no text yet.</p>;
  return (
    <div className="runbook-body" data-testid={testId}>
      {blocks.map((block, index) =>
        block.kind === 'markdown' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity but their place
          <RunbookMarkdown key={index} text={block.text} />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity but their place
          <div key={index}>{renderSteps(block.steps, index)}</div>
        ),
      )}
    </div>
  );
}

/** Steps as they read, without controls: the editor's preview and earlier versions. */
export function InertSteps({ steps }: { steps: readonly RunbookStep[] }) {
  return (
    <ol className="runbook-steps inert">
      {steps.map((step) => (
        <li key={step.key} className="runbook-step" data-testid="preview-step" data-action={step.action?.name}>
          <div className="runbook-step-head">
            <span className="runbook-step-mark" aria-hidden="true">
              {step.action ? '▸' : '☐'}
            </span>
            <RunbookMarkdown text={step.text} inline className="runbook-step-text" />
            {step.action && <span className="badge badge-info runbook-step-kind">action: {step.action.name}</span>}
          </div>
          {step.detail && <RunbookMarkdown text={step.detail} className="runbook-step-detail" />}
        </li>
      ))}
    </ol>
  );
}
