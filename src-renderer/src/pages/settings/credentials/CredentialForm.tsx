/**
 * Sets or replaces one secret: a password field (never echoed, never autocompleted) and Save. The typed
 * value goes to the engine and is dropped from the page as soon as it is sent.
 */
import { type FormEvent, useEffect, useRef } from 'react';
import { useBridge } from '../../../bridge-context';
import { useCredentialsStore } from '../../../stores/credentials-store';

export function CredentialForm({ name, replacing, warning }: { name: string; replacing: boolean; warning?: string }) {
  const bridge = useBridge();
  const value = useCredentialsStore((store) => store.value);
  const saving = useCredentialsStore((store) => store.saving);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = `credential-value-${name}`;
  const store = useCredentialsStore.getState;

  useEffect(() => inputRef.current?.focus(), []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void store().save(bridge);
  };

  return (
    <form
      className="credential-form"
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') store().edit(null);
      }}
      noValidate
      data-testid="credential-form"
    >
      <label htmlFor={inputId}>
        {replacing ? 'New value for' : 'Value for'} <code>{name}</code>
      </label>
      <div className="credential-form-row">
        <input
          id={inputId}
          ref={inputRef}
          type="password"
          autoComplete="off"
          spellCheck={false}
          maxLength={16_384}
          value={value}
          onChange={(event) => store().setValue(event.target.value)}
          data-testid="credential-value"
        />
        <button
          type="submit"
          className="button primary small"
          disabled={saving || value === ''}
          aria-busy={saving}
          data-testid="credential-save"
        >
          {saving ? 'Saving…' : replacing ? 'Replace' : 'Save'}
        </button>
        <button type="button" className="button small" onClick={() => store().edit(null)} disabled={saving} data-testid="credential-cancel">
          Cancel
        </button>
      </div>
      {warning && <p className="field-hint text-warning">{warning}</p>}
    </form>
  );
}
