import { useState } from 'react';
import type { Run } from '../../api/tracking-model.js';
import { formatNumber } from '../../lib/format.js';

interface Row {
  key: string;
  values: (string | undefined)[];
  differs: boolean;
}

function rowsOf(runs: Run[], pick: (run: Run, key: string) => string | undefined, keys: string[]): Row[] {
  return keys.map((key) => {
    const values = runs.map((run) => pick(run, key));
    return { key, values, differs: new Set(values).size > 1 };
  });
}

/**
 * Params (or latest metric values) side by side, one column per run.
 * Rows whose values are not all equal are highlighted; a missing value counts as different.
 */
export function DiffTable({ runs, colors, kind }: { runs: Run[]; colors: Map<string, string>; kind: 'params' | 'metrics' }) {
  const [onlyDiff, setOnlyDiff] = useState(false);
  const keys = [...new Set(runs.flatMap((r) => [...(kind === 'params' ? r.params.keys() : r.metrics.keys())]))].sort((a, b) => a.localeCompare(b));
  const rows = rowsOf(
    runs,
    kind === 'params' ? (run, key) => run.params.get(key) : (run, key) => {
      const m = run.metrics.get(key);
      return m === undefined ? undefined : formatNumber(m.value);
    },
    keys,
  );
  const differing = rows.filter((r) => r.differs).length;
  if (rows.length === 0) return <div className="empty small">No {kind} logged.</div>;
  const shown = onlyDiff ? rows.filter((r) => r.differs) : rows;
  return (
    <div>
      <label className="check-label">
        <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} />
        Only differences <span className="muted">({differing} of {rows.length})</span>
      </label>
      <div className="h-scroll">
        <table className="data-table diff" data-testid={`${kind}-diff`}>
          <thead>
            <tr>
              <th>{kind === 'params' ? 'Parameter' : 'Metric (latest)'}</th>
              {runs.map((run) => (
                <th key={run.id}>
                  <span className="swatch" style={{ background: colors.get(run.id) }} />
                  {run.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} className={row.differs ? 'differs' : ''}>
                <th scope="row" className="mono">
                  {row.key}
                </th>
                {row.values.map((value, i) => (
                  <td key={runs[i]?.id ?? i} className={`mono${kind === 'metrics' ? ' right' : ''}`}>
                    {value ?? <span className="muted">—</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
