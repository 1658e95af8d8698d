import { useMemo, useState } from 'react';
import type { Run } from '../../api/tracking-model.js';
import { ScatterPlot, type ScatterPoint } from '../../components/scatter-plot.js';

/** Picks a param that actually varies across the runs: that is the one worth plotting. */
function defaultParam(runs: Run[], keys: string[]): string {
  return keys.find((k) => new Set(runs.map((r) => r.params.get(k))).size > 1) ?? keys[0] ?? '';
}

/** Each run as a dot: a chosen param on x (numeric or categorical), a chosen metric's latest value on y. */
export function CompareScatter({ runs, colors }: { runs: Run[]; colors: Map<string, string> }) {
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((r) => [...r.metrics.keys()]))].sort(), [runs]);
  const paramKeys = useMemo(() => [...new Set(runs.flatMap((r) => [...r.params.keys()]))].sort(), [runs]);
  const [metric, setMetric] = useState(metricKeys[0] ?? '');
  const [param, setParam] = useState(() => defaultParam(runs, paramKeys));
  const [logChoice, setLogChoice] = useState<boolean | null>(null);

  if (metricKeys.length === 0 || paramKeys.length === 0) {
    return <div className="empty small">A scatter needs at least one metric and one param.</div>;
  }
  const raw = runs.map((run) => run.params.get(param));
  const numeric = raw.every((v) => v === undefined || (v.trim() !== '' && Number.isFinite(Number(v))));
  const positives = numeric ? raw.filter((v): v is string => v !== undefined).map(Number) : [];
  const canLog = positives.length > 0 && positives.every((v) => v > 0);
  // Values spread over two or more decades (learning rates) read best on a log axis.
  const logX = canLog && (logChoice ?? Math.max(...positives) / Math.min(...positives) >= 100);
  const points: ScatterPoint[] = runs.flatMap((run) => {
    const x = run.params.get(param);
    const y = run.metrics.get(metric)?.value;
    if (x === undefined || y === undefined) return [];
    return [{ id: run.id, label: run.name, color: colors.get(run.id) ?? '#333', x: numeric ? Number(x) : x, y }];
  });
  return (
    <div>
      <div className="section-tools">
        <label>
          Metric (y){' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value)} aria-label="Scatter metric">
            {metricKeys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Param (x){' '}
          <select value={param} onChange={(e) => setParam(e.target.value)} aria-label="Scatter param">
            {paramKeys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {canLog ? (
          <label className="check-label">
            <input type="checkbox" checked={logX} onChange={(e) => setLogChoice(e.target.checked)} />
            Log scale (x)
          </label>
        ) : null}
      </div>
      <ScatterPlot points={points} xLabel={`params.${param}`} yLabel={`metrics.${metric}`} logX={logX} />
    </div>
  );
}
