/**
 * The "are you sure?" step of a destructive action, in place of a modal: says what will happen, takes
 * the focus on its confirm button (Enter confirms, Escape cancels) and gives it back when cancelled.
 */
import { type ReactNode, useEffect, useRef } from 'react';

interface InlineConfirmProps {
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  testId: string;
}

export function InlineConfirm({ children, confirmLabel, busyLabel, busy, onConfirm, onCancel, testId }: InlineConfirmProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <fieldset
      className="inline-confirm"
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <legend className="visually-hidden">{confirmLabel}</legend>
      <div className="inline-confirm-text">{children}</div>
      <div className="button-row compact">
        <button
          type="button"
          ref={confirmRef}
          className="button small danger"
          onClick={onConfirm}
          disabled={busy}
          aria-busy={busy}
          data-testid={`${testId}-yes`}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" className="button small" onClick={onCancel} disabled={busy} data-testid={`${testId}-no`}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
