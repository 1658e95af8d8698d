import { useState } from 'react';
import type { ModelVersion } from '../../api/registry-client.js';
import type { Run } from '../../api/tracking-model.js';
import { ScatterPlot } from '../../components/scatter-plot.js';
import { colorAt, formatNumber } from '../../lib/format.js';

// Enough columns to read side by side; older versions are still in the versions table.
const maxVersions = 20;

/** Losses and errors improve downwards; every other metric (accuracy, AUC, F1...) upwards. */
export function lowerIsBetter(key: string): boolean {
  return /loss|err|rmse|mse|mae|mape|perplexity|latency|time|duration/i.test(key);
}

interface Column {
  version: ModelVersion;
  run: Run;
  color: string;
}

function bestOf(values: (number | undefined)[], lower: boolean): number | undefined {
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (finite.length < 2) return undefined;
  return lower ? Math.min(...finite) : Math.max(...finite);
}

/**
 * The latest value of every metric of each version's run, one column per version, the best value
 * of each row highlighted, and one chosen metric plotted across versions.
 */
export function VersionMetrics({ versions, runs }: { versions: ModelVersion[]; runs: Map<string, Run> }) {
  const columns: Column[] = versions
    .filter((v) => runs.has(v.runId))
    .slice(0, maxVersions)
    .sort((a, b) => a.version - b.version)
    .map((version, i) => ({ version, run: runs.get(version.runId) as Run, color: colorAt(i) }));
  const keys = [...new Set(columns.flatMap((c) => [...c.run.metrics.keys()]))].sort((a, b) => a.localeCompare(b));
  const [chosen, setChosen] = useState<string | null>(null);
  if (columns.length === 0) return <div className="empty small">No version has a run to compare.</div>;
  if (keys.length === 0) return <div className="empty small">The versions' runs logged no metrics.</div>;
  const metric = chosen !== null && keys.includes(chosen) ? chosen : (keys[0] ?? '');
  // Versions as categories, so the axis has no fractional ticks; left-padding with spaces (which
  // SVG collapses) makes their string order the numeric order.
  const width = String(columns.at(-1)?.version.version ?? '').length;
  const category = (version: number) => String(version).padStart(width, ' ');

  return (
    <div className="two-col version-metrics">
      <div className="card flush h-scroll">
        <table className="data-table diff" data-testid="version-metrics">
          <thead>
            <tr>
              <th>Metric (latest)</th>
              {columns.map((c) => (
                <th key={c.version.version} className="right">
                  <span className="swatch" style={{ background: c.color }} />
                  Version {c.version.version}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const lower = lowerIsBetter(key);
              const values = columns.map((c) => c.run.metrics.get(key)?.value);
              const best = bestOf(values, lower);
              return (
                <tr key={key}>
                  <th scope="row" className="mono">
                    {key} <span className="muted small">{lower ? '↓' : '↑'}</span>
                  </th>
                  {values.map((value, i) => (
                    <td key={columns[i]?.version.version ?? i} className={`mono right${value !== undefined && value === best ? ' best' : ''}`}>
                      {value === undefined ? <span className="muted">—</span> : formatNumber(value)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="muted small table-note">Best value per metric highlighted; ↓ lower is better, ↑ higher is better.</div>
      </div>
      <div className="card">
        <div className="chart-title">
          <label className="check-label">
            Metric
            <select value={metric} onChange={(e) => setChosen(e.target.value)} aria-label="Metric to plot">
              {keys.map((key) => (
                <option key={key}>{key}</option>
              ))}
            </select>
          </label>
        </div>
        <ScatterPlot
          xLabel="Version"
          yLabel={metric}
          points={columns
            .filter((c) => c.run.metrics.has(metric))
            .map((c) => ({
              id: String(c.version.version),
              label: `v${c.version.version}`,
              color: c.color,
              x: category(c.version.version),
              y: c.run.metrics.get(metric)?.value ?? Number.NaN,
            }))}
        />
      </div>
    </div>
  );
}
