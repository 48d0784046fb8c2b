/**
 * One field of the rule editor: its label, the control, a hint, and its message — the form's own check
 * once the field has been changed (or after a save attempt), or the engine's answer. `useRuleField`
 * gives a control the id, aria-invalid and aria-describedby that tie it to that message.
 */
import type { ReactNode } from 'react';
import { useAlertRuleEditorStore } from '../../../stores/alert-rule-editor-store';
import { buildRule, type RuleField as RuleFieldKey } from './rule-form';

export function fieldId(field: RuleFieldKey): string {
  return `rule-${field.replace('.', '-')}`;
}

/** The message to show for a field now, or null. */
export function useRuleFieldError(field: RuleFieldKey): string | null {
  return useAlertRuleEditorStore((store) => {
    const server = store.serverErrors[field];
    if (server) return server;
    if (!store.submitted && !store.touched.has(field)) return null;
    return buildRule(store.form).errors[field] ?? null;
  });
}

/** Attributes that tie a control to its field's label and message. */
export function useRuleField(field: RuleFieldKey) {
  const error = useRuleFieldError(field);
  const id = fieldId(field);
  return {
    error,
    control: {
      id,
      'data-testid': id,
      'aria-invalid': error ? (true as const) : undefined,
      'aria-describedby': error ? `${id}-error` : undefined,
    },
  };
}

interface RuleFieldProps {
  field: RuleFieldKey;
  label: ReactNode;
  hint?: ReactNode;
  error: string | null;
  /** A group of controls (matchers, labels): the label is a legend. */
  group?: boolean;
  className?: string;
  children: ReactNode;
}

export function RuleField({ field, label, hint, error, group, className, children }: RuleFieldProps) {
  const id = fieldId(field);
  const message = error && (
    <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
      {error}
    </p>
  );
  if (group) {
    return (
      <fieldset className={`field ${className ?? ''}`}>
        <legend>{label}</legend>
        {children}
        {hint && <span className="field-hint">{hint}</span>}
        {message}
      </fieldset>
    );
  }
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
      {message}
    </div>
  );
}
