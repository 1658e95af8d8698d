import { useEffect, useState } from 'react';
import { getDeploymentStats, type DeploymentStats, type StatsPoint } from '../../api/deployment-client.js';
import { ErrorBox } from '../../components/status.js';
import { formatAgo, formatBytes, seriesColors } from '../../lib/format.js';
import { LiveChart, type LiveSeries } from './live-chart.js';

const windowSeconds = 300;
const pollMs = 2000;

type Polled = { status: 'loading' } | { status: 'ok'; stats: DeploymentStats | null; at: number } | { status: 'error'; error: unknown };

/** Re-reads the statistics every 2 s; an answer older than the newest one shown is dropped. */
function useStatsPolling(name: string): Polled {
  const [state, setState] = useState<Polled>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const stats = await getDeploymentStats(name, windowSeconds, controller.signal);
        if (!controller.signal.aborted) setState({ status: 'ok', stats, at: Date.now() });
      } catch (error) {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      }
      // The next poll starts after this one ends, so a slow server never has two in flight.
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), pollMs);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [name]);
  return state;
}

/** Requests per second over the window, with the seconds without traffic as zeros. */
function rateSeries(points: StatsPoint[], from: number, to: number): { requests: [number, number][]; errors: [number, number][] } {
  const bySecond = new Map(points.map((p) => [Math.floor(p.time / 1000), p]));
  const requests: [number, number][] = [];
  const errors: [number, number][] = [];
  for (let s = Math.ceil(from / 1000); s * 1000 <= to; s++) {
    const p = bySecond.get(s);
    requests.push([s * 1000, p?.requests ?? 0]);
    errors.push([s * 1000, p?.errors ?? 0]);
  }
  return { requests, errors };
}

/** Live request rate and latency of this deployment on the replica that answers, and its prediction log queue. */
export function LiveStats({ name }: { name: string }) {
  const polled = useStatsPolling(name);
  if (polled.status === 'loading') return <div className="muted small">Loading statistics…</div>;
  if (polled.status === 'error') return <ErrorBox error={polled.error} title="Could not load statistics" />;
  const stats = polled.stats;
  if (!stats) return <div className="empty small" data-testid="no-stats">No statistics yet: this server does not report live statistics.</div>;
  const to = polled.at;
  const from = to - windowSeconds * 1000;
  const inWindow = stats.points.filter((p) => p.time >= from);
  const rates = rateSeries(inWindow, from, to);
  const requestSeries: LiveSeries[] = [
    { label: 'requests/s', color: seriesColors[0] ?? '#2f6fb0', points: rates.requests, dense: true },
    { label: 'errors/s', color: seriesColors[3] ?? '#c4414b', points: rates.errors, dense: true },
  ];
  const latencySeries: LiveSeries[] = [
    { label: 'p50', color: seriesColors[2] ?? '#3a9d5d', points: inWindow.map((p) => [p.time, p.p50Ms]) },
    { label: 'p95', color: seriesColors[1] ?? '#e07b39', points: inWindow.map((p) => [p.time, p.p95Ms]) },
  ];
  const total = inWindow.reduce((sum, p) => sum + p.requests, 0);
  return (
    <div data-testid="live-stats">
      <div className="muted small">
        Last {windowSeconds / 60} minutes on the replica that answered (each replica counts its own traffic), refreshed every {pollMs / 1000} s: {total} requests.
        Prediction log: <span data-testid="log-queued">{stats.predictionLog.queued}</span> queued, <span data-testid="log-dropped">{stats.predictionLog.dropped}</span> dropped.
      </div>
      <div className="muted small" data-testid="loaded-models">
        Loaded on this replica:{' '}
        {stats.loaded.length === 0
          ? 'none (a version loads on its first request)'
          : stats.loaded.map((m) => `${m.model}:${m.version} (${formatBytes(m.memoryBytes)}, loaded in ${m.loadMs.toFixed(0)} ms, used ${formatAgo(m.lastUsedAt)})`).join('; ')}
      </div>
      <div className="chart-grid top-gap">
        <LiveChart title="Request rate" unit="req/s" series={requestSeries} from={from} to={to} />
        <LiveChart title="Latency" unit="ms" series={latencySeries} from={from} to={to} />
      </div>
    </div>
  );
}
