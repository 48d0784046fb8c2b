/**
 * A button that picks a JSON file to import: a hidden file input behind an ordinary button (so it looks
 * and focuses like every other action), handing the chosen file on once.
 */
import { type ChangeEvent, useRef } from 'react';

interface FileImportButtonProps {
  label: string;
  title: string;
  busy: boolean;
  onFile(file: File): void;
  /** The button's test id; the input is `<testId>-file`. */
  testId: string;
}

export function FileImportButton({ label, title, busy, onFile, testId }: FileImportButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  function picked(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Cleared at once, so choosing the same file again imports it again.
    event.target.value = '';
    if (file) onFile(file);
  }
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={picked}
        data-testid={`${testId}-file`}
      />
      <button
        type="button"
        className="button small"
        disabled={busy}
        title={title}
        onClick={() => input.current?.click()}
        data-testid={testId}
      >
        {busy ? 'Importing…' : label}
      </button>
    </>
  );
}
