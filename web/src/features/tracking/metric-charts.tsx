import { useMemo, useState } from 'react';
import { getMetricHistory } from '../../api/mlflow-client.js';
import type { Run } from '../../api/tracking-model.js';
import { LazyMount } from '../../components/lazy-mount.js';
import { LineChart, type XAxisKind } from '../../components/line-chart.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { colorAt, formatNumber } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';

export function XAxisToggle({ value, onChange }: { value: XAxisKind; onChange: (kind: XAxisKind) => void }) {
  const options: [XAxisKind, string][] = [
    ['step', 'Step'],
    ['relative', 'Relative time'],
    ['time', 'Wall clock'],
  ];
  return (
    <div className="segmented" role="radiogroup" aria-label="X axis">
      {options.map(([kind, label]) => (
        <button key={kind} type="button" role="radio" aria-checked={value === kind} className={value === kind ? 'on' : ''} onClick={() => onChange(kind)}>
          {label}
        </button>
      ))}
    </div>
  );
}

function MetricChart({ run, metricKey, xKind }: { run: Run; metricKey: string; xKind: XAxisKind }) {
  const history = useAsync((signal) => getMetricHistory(run.id, metricKey, signal), [run.id, metricKey]);
  const series = useMemo(() => {
    if (history.status !== 'ok') return [];
    const points = history.data;
    const origin = run.startTime ?? Math.min(...points.map((p) => p.timestamp));
    const xs = points.map((p) => (xKind === 'step' ? p.step : xKind === 'time' ? p.timestamp : p.timestamp - origin));
    return [{ label: metricKey, color: colorAt(0), xs, ys: points.map((p) => p.value) }];
  }, [history, xKind, metricKey, run.startTime]);

  if (history.status === 'loading') return <Spinner label="Loading history…" />;
  if (history.status === 'error') return <ErrorBox error={history.error} title={`Could not load ${metricKey}`} />;
  return (
    <>
      <div className="chart-meta muted">{history.data.length.toLocaleString()} points</div>
      <LineChart series={series} xKind={xKind} />
    </>
  );
}

/** One chart per metric of the run; charts load their history as they scroll into view. */
export function MetricCharts({ run }: { run: Run }) {
  const [xKind, setXKind] = useState<XAxisKind>('step');
  const keys = [...run.metrics.keys()].sort((a, b) => a.localeCompare(b));
  if (keys.length === 0) return <div className="empty">No metrics logged.</div>;
  return (
    <div>
      <div className="section-tools">
        <XAxisToggle value={xKind} onChange={setXKind} />
        <span className="muted small">Drag across a chart to zoom; double-click to reset.</span>
      </div>
      <div className="chart-grid">
        {keys.map((key) => (
          <div className="card chart-card" key={key}>
            <div className="chart-title">
              <span className="strong">{key}</span>
              <span className="mono muted">latest {formatNumber(run.metrics.get(key)?.value)}</span>
            </div>
            <LazyMount minHeight={260}>
              <MetricChart run={run} metricKey={key} xKind={xKind} />
            </LazyMount>
          </div>
        ))}
      </div>
    </div>
  );
}
