/**
 * What differs in the world after each turn, one row per JSON path, with the value on each side.
 */
import { Fragment } from 'react';
import type { ValueChange } from '../../../../../src-shared/domain/turn';
import { formatChangeValue } from './change-value';

/** A dotted path that wraps after its dots rather than mid-word. */
function PathWithBreaks({ path }: { path: string }) {
  const parts = path.split('.');
  return (
    <>
      {parts.map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a path's parts are positional and never reorder
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}

export function WorldChangesTable({ changes, truncated }: { changes: readonly ValueChange[]; truncated: boolean }) {
  if (changes.length === 0) {
    return (
      <p className="muted" data-testid="diff-world-none">
        The world after both turns is the same.
      </p>
    );
  }
  return (
    <>
      <div className="table-scroll diff-world-scroll">
        <table className="data-table" data-testid="diff-world-table">
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Change</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => {
              const a = formatChangeValue(change.a);
              const b = formatChangeValue(change.b);
              return (
                <tr key={change.path} data-testid="diff-world-row">
                  <td className="mono wrap">
                    <PathWithBreaks path={change.path} />
                  </td>
                  <td>{change.kind}</td>
                  <td className="mono wrap" title={a.full}>
                    {a.text}
                  </td>
                  <td className="mono wrap" title={b.full}>
                    {b.text}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {truncated && <p className="muted">Only the first {changes.length} changes are listed; the engine cut the list.</p>}
    </>
  );
}
