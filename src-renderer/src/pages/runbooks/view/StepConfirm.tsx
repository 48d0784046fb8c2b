/**
 * The confirmation of a step's action, in place: names exactly what will happen (which alert, agent or
 * turn, for how long), takes the focus on its confirm button (Enter confirms, Escape cancels) and gives
 * it back to the step's button when cancelled.
 */
import { useEffect, useRef } from 'react';

interface StepConfirmProps {
  plan: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

export function StepConfirm({ plan, confirmLabel, onConfirm, onCancel }: StepConfirmProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <fieldset
      className="step-confirm"
      data-testid="step-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <legend className="visually-hidden">Confirm: {confirmLabel}</legend>
      <p className="step-confirm-plan" data-testid="step-confirm-plan">
        {plan}
      </p>
      <div className="button-row compact">
        <button type="button" ref={confirmRef} className="button small primary" onClick={onConfirm} data-testid="step-confirm-yes">
          {confirmLabel}
        </button>
        <button type="button" className="button small" onClick={onCancel} data-testid="step-confirm-no">
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
