/**
 * Label matchers edited one row each — label, operator (=, !=, =~, !~), value, remove — with a row to
 * add. Used by the silence form and the rule editor's query. Labels the caller knows (the metric's, the
 * alert's) are offered as suggestions.
 */
import { MATCHER_OPS, type MatcherOp } from './label-matchers';
import type { MatcherRow } from './rules/rule-form';

interface MatcherRowsEditorProps {
  id: string;
  rows: readonly MatcherRow[];
  onChange(rows: MatcherRow[]): void;
  /** Label names to suggest. */
  labelSuggestions?: readonly string[];
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
  addLabel?: string;
}

const OP_TITLE: Record<MatcherOp, string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '=~': 'matches the regular expression',
  '!~': 'does not match the regular expression',
};

export function MatcherRowsEditor({
  id,
  rows,
  onChange,
  labelSuggestions = [],
  invalid,
  describedBy,
  disabled,
  addLabel,
}: MatcherRowsEditorProps) {
  const replace = (index: number, row: MatcherRow) => onChange(rows.map((current, at) => (at === index ? row : current)));
  const listId = `${id}-labels`;
  return (
    <div className="matcher-rows" data-testid={id}>
      {labelSuggestions.length > 0 && (
        <datalist id={listId}>
          {labelSuggestions.map((label) => (
            <option key={label} value={label} />
          ))}
        </datalist>
      )}
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; their position is it.
        <div className="matcher-row" key={index} data-testid={`${id}-row`}>
          <input
            type="text"
            aria-label={`Matcher ${index + 1} label`}
            placeholder="label"
            value={row.label}
            list={labelSuggestions.length > 0 ? listId : undefined}
            onChange={(event) => replace(index, { ...row, label: event.target.value })}
            autoComplete="off"
            spellCheck={false}
            disabled={disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            data-testid={`${id}-label-${index}`}
          />
          <select
            aria-label={`Matcher ${index + 1} operator`}
            value={row.op}
            onChange={(event) => replace(index, { ...row, op: event.target.value as MatcherOp })}
            disabled={disabled}
            data-testid={`${id}-op-${index}`}
          >
            {MATCHER_OPS.map((op) => (
              <option key={op} value={op} title={OP_TITLE[op]}>
                {op}
              </option>
            ))}
          </select>
          <input
            type="text"
            aria-label={`Matcher ${index + 1} value`}
            placeholder={row.op === '=~' || row.op === '!~' ? 'regular expression' : 'value'}
            value={row.value}
            onChange={(event) => replace(index, { ...row, value: event.target.value })}
            autoComplete="off"
            spellCheck={false}
            disabled={disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            data-testid={`${id}-value-${index}`}
          />
          <button
            type="button"
            className="button small"
            onClick={() => onChange(rows.filter((_, at) => at !== index))}
            aria-label={`Remove matcher ${index + 1}${row.label ? ` (${row.label})` : ''}`}
            disabled={disabled}
            data-testid={`${id}-remove-${index}`}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button small"
          onClick={() => onChange([...rows, { label: '', op: '=', value: '' }])}
          disabled={disabled}
          data-testid={`${id}-add`}
        >
          {addLabel ?? 'Add matcher'}
        </button>
      </div>
    </div>
  );
}
