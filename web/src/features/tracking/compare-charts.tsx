import { useMemo, useState } from 'react';
import { getMetricHistory, getMetricHistoryBulk } from '../../api/mlflow-client.js';
import type { MetricPoint, Run } from '../../api/tracking-model.js';
import { LazyMount } from '../../components/lazy-mount.js';
import { LineChart, type XAxisKind } from '../../components/line-chart.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { useAsync } from '../../lib/use-async.js';
import { XAxisToggle } from './metric-charts.js';

const pointsPerRun = 1000;

/** Sampled histories of one metric for many runs in one call; full histories if that call is unavailable. */
async function loadHistories(runs: Run[], key: string, signal: AbortSignal): Promise<Map<string, MetricPoint[]>> {
  const withKey = runs.filter((r) => r.metrics.has(key));
  try {
    return await getMetricHistoryBulk(
      withKey.map((r) => r.id),
      key,
      pointsPerRun,
      signal,
    );
  } catch (error) {
    if (signal.aborted) throw error;
    const histories = await Promise.all(withKey.map((r) => getMetricHistory(r.id, key, signal)));
    return new Map(withKey.map((r, i) => [r.id, histories[i] ?? []]));
  }
}

function OverlaidChart({ runs, colors, metricKey, xKind }: { runs: Run[]; colors: Map<string, string>; metricKey: string; xKind: XAxisKind }) {
  const histories = useAsync((signal) => loadHistories(runs, metricKey, signal), [runs, metricKey]);
  const series = useMemo(() => {
    if (histories.status !== 'ok') return [];
    return runs
      .filter((run) => (histories.data.get(run.id)?.length ?? 0) > 0)
      .map((run) => {
        const points = histories.data.get(run.id) ?? [];
        const origin = run.startTime ?? Math.min(...points.map((p) => p.timestamp));
        return {
          label: run.name,
          color: colors.get(run.id) ?? '#333',
          xs: points.map((p) => (xKind === 'step' ? p.step : xKind === 'time' ? p.timestamp : p.timestamp - origin)),
          ys: points.map((p) => p.value),
        };
      });
  }, [histories, runs, colors, xKind]);
  if (histories.status === 'loading') return <Spinner label="Loading histories…" />;
  if (histories.status === 'error') return <ErrorBox error={histories.error} title={`Could not load ${metricKey}`} />;
  return <LineChart series={series} xKind={xKind} height={240} />;
}

/** One chart per metric key, each run a line in its own colour. */
export function CompareCharts({ runs, colors }: { runs: Run[]; colors: Map<string, string> }) {
  const [xKind, setXKind] = useState<XAxisKind>('step');
  const keys = useMemo(() => [...new Set(runs.flatMap((r) => [...r.metrics.keys()]))].sort((a, b) => a.localeCompare(b)), [runs]);
  if (keys.length === 0) return <div className="empty">These runs have no metrics.</div>;
  return (
    <div>
      <div className="section-tools">
        <XAxisToggle value={xKind} onChange={setXKind} />
        <span className="muted small">Drag to zoom, double-click to reset.</span>
      </div>
      <div className="chart-grid">
        {keys.map((key) => (
          <div className="card chart-card" key={key}>
            <div className="chart-title strong">{key}</div>
            <LazyMount minHeight={280}>
              <OverlaidChart runs={runs} colors={colors} metricKey={key} xKind={xKind} />
            </LazyMount>
          </div>
        ))}
      </div>
    </div>
  );
}
