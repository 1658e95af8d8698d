import { useState } from 'react';
import type { Deployment } from '../../api/deployment-client.js';
import { deleteMonitor, getReference, listResults, listWindows, runMonitor, type Monitor, type RunSummary } from '../../api/monitoring-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync, useLatestData } from '../../lib/use-async.js';
import { Refusal, useEdit } from '../registry/refusal.js';
import { DistributionPanel } from './distribution-chart.js';
import { DriftHeatmap, type CellChoice } from './drift-heatmap.js';
import { MonitorForm } from './monitor-form.js';
import { windowText } from './monitor-draft.js';
import { PerformanceCharts } from './performance-chart.js';
import { ReferenceCard } from './reference-card.js';
import { MonitorRuns } from './monitor-runs.js';
import { trainingMetrics } from './training-baseline.js';

const windowLimit = 20;

function checkText(m: Monitor): string {
  return (
    m.checks
      .map((c) => (c.kind === 'performance' ? `${c.metric}${c.min !== undefined ? ` ≥ ${c.min}` : ''}${c.max !== undefined ? ` ≤ ${c.max}` : ''}` : c.kind === 'feature_drift' ? `feature_drift:${c.feature ?? '*'}` : c.kind))
      .join(', ') || 'none'
  );
}

function runText(r: RunSummary): string {
  return `Read ${r.predictionsRead} predictions, closed ${r.windowsClosed} windows, stored ${r.results} results; ${r.alertsOpened} alerts opened, ${r.alertsResolved} resolved.`;
}

/** One monitor: what it is, run now / edit / delete, its reference, drift heatmap and performance charts. */
export function MonitorView({ monitor: m, deployment, canManage, onSaved, onDeleted, onRan }: { monitor: Monitor; deployment: Deployment; canManage: boolean; onSaved: (m: Monitor) => void; onDeleted: () => void; onRan: () => void }) {
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [lastRun, setLastRun] = useState<RunSummary | null>(null);
  const [cell, setCell] = useState<CellChoice | null>(null);
  const edit = useEdit();
  const reference = useAsync((signal) => getReference(m.id, signal), [m.id, refresh]);
  const windows = useAsync((signal) => listWindows(m.id, windowLimit, signal), [m.id, refresh]);
  const results = useAsync((signal) => listResults(m.id, {}, signal), [m.id, refresh]);
  // Without a task there is nothing to compare; a failed lineage read only loses the baseline.
  const training = useAsync((signal) => (m.task ? trainingMetrics(deployment, signal).catch(() => null) : Promise.resolve(null)), [deployment.name, m.task?.kind]);
  const windowList = useLatestData(windows);
  const resultList = useLatestData(results);
  const ref = useLatestData(reference);

  const run = async () => {
    let summary: RunSummary | null = null;
    if (await edit.run(async () => (summary = await runMonitor(m.id)))) {
      setLastRun(summary);
      setRefresh((n) => n + 1);
      onRan();
    }
  };
  const remove = async () => {
    if (await edit.run(() => deleteMonitor(m.id))) onDeleted();
  };

  if (editing) return <MonitorForm deployment={m.deployment} monitor={m} onSaved={(saved) => (setEditing(false), onSaved(saved))} onCancel={() => setEditing(false)} />;
  const chosenWindow = cell ? windowList?.find((w) => w.start === cell.windowStart) : undefined;

  return (
    <div data-testid="monitor-view">
      <div className="card">
        <h2>
          {m.name} <span className="muted small">{m.enabled ? 'enabled' : 'disabled'}</span>
        </h2>
        <dl className="info-grid">
          <div>
            <dt>Schedule</dt>
            <dd className="mono">{m.schedule} (UTC)</dd>
          </div>
          <div>
            <dt>Window</dt>
            <dd>{windowText(m)}</dd>
          </div>
          <div>
            <dt>Task</dt>
            <dd>{m.task?.kind ?? 'none'}</dd>
          </div>
          <div>
            <dt>Checks</dt>
            <dd className="mono" data-testid="monitor-checks">
              {checkText(m)}
            </dd>
          </div>
          <div>
            <dt>Actions</dt>
            <dd>{m.actions.map((a) => (a.kind === 'retrain' ? `retrain from ${a.minSeverity}` : `promote ${a.challengerAlias} → ${a.alias} from ${a.minSeverity}`)).join(', ') || 'none'}</dd>
          </div>
          <div>
            <dt>Changed</dt>
            <dd>{formatTime(m.updatedTime)}</dd>
          </div>
        </dl>
        <div className="spec-row top-gap">
          {canManage ? (
            <>
              <button className="primary" onClick={() => void run()} disabled={edit.busy}>
                {edit.busy ? 'Running…' : 'Run now'}
              </button>
              <button onClick={() => setEditing(true)}>Edit monitor</button>
              {confirmDelete ? (
                <span role="group" aria-label="Confirm delete monitor">
                  <button onClick={() => void remove()}>Confirm delete</button> <button onClick={() => setConfirmDelete(false)}>Keep it</button>
                </span>
              ) : (
                <button onClick={() => setConfirmDelete(true)}>Delete monitor</button>
              )}
            </>
          ) : (
            <span className="muted small">Running and changing monitors needs the deployer or admin role in the project.</span>
          )}
          <Refusal error={edit.error} />
        </div>
        {lastRun ? (
          <div className="ok-text small top-gap" data-testid="run-summary" role="status">
            {runText(lastRun)}
          </div>
        ) : null}
      </div>
      {reference.status === 'error' ? <ErrorBox error={reference.error} title="Could not load the reference" /> : null}
      {ref !== undefined ? <ReferenceCard monitorId={m.id} reference={ref} canManage={canManage} onChanged={() => setRefresh((n) => n + 1)} /> : null}
      <h2 className="section-title">Drift</h2>
      {windows.status === 'error' ? <ErrorBox error={windows.error} title="Could not load windows" /> : null}
      {windowList ? <DriftHeatmap windows={windowList} selected={cell} onSelect={setCell} /> : <Spinner label="Loading windows…" />}
      {cell && chosenWindow ? (
        <DistributionPanel
          feature={cell.feature}
          reference={ref?.profile.columns.find((c) => c.name === cell.feature) ?? null}
          current={chosenWindow.profile.columns.find((c) => c.name === cell.feature) ?? null}
          drift={chosenWindow.drift?.features.find((f) => f.name === cell.feature) ?? null}
          windowText={`${formatTime(chosenWindow.start)} – ${formatTime(chosenWindow.end)}, ${chosenWindow.rows} predictions`}
        />
      ) : null}
      <h2 className="section-title">Performance</h2>
      {results.status === 'error' ? <ErrorBox error={results.error} title="Could not load results" /> : null}
      {resultList ? <PerformanceCharts results={resultList} checks={m.checks} training={training.data?.metrics ?? null} /> : <Spinner label="Loading results…" />}
      <h2 className="section-title">Scheduled runs</h2>
      <MonitorRuns monitorId={m.id} refresh={refresh} />
    </div>
  );
}
