import type { Clock } from '../clock.js';
import type { PredictionCursor, PredictionStore, StoredPrediction } from '../predictions/prediction-store.js';
import type { FeedbackStore } from './feedback-store.js';
import type { Alert, MonitorRunSummary, StoredMonitor } from './monitor.js';
import type { AlertActions } from './monitor-actions.js';
import { judgeDrift, judgePerformance, type JudgeContext } from './monitor-evaluator.js';
import type { MonitorStore, NewResult, StoredWindow } from './monitor-store.js';
import { tensorColumnNames, predictionTable } from './profile/prediction-table.js';
import { WindowSketch } from './profile/window-sketch.js';
import type { LoadedReference } from './reference-service.js';
import { invalidState } from '../errors.js';

export const monitorRunLimits = {
  /** Predictions read per page (one transaction each). */
  pageSize: 2_000,
  /** Predictions one run reads at most; the next run continues where it stopped. */
  predictionsPerRun: 200_000,
  /** Empty time windows one run closes at most after the last prediction; a longer gap is skipped. */
  emptyWindowsPerRun: 100,
  /**
   * Predictions younger than this are left for the next run: the log is written in the background,
   * so a prediction of an earlier time may still land after younger ones were read.
   */
  settleMs: 10_000,
} as const;

/** What runs when an alert opens (H6's monitor-actions.ts implements it: retrain requests, challenger promotion). */
export interface MonitorRunnerOptions {
  store: MonitorStore;
  predictions: Pick<PredictionStore, 'listAfter'>;
  references: { forRun(monitor: StoredMonitor): Promise<LoadedReference | null> };
  feedback: Pick<FeedbackStore, 'labelled' | 'labelledSince'>;
  actions?: AlertActions;
  clock: Clock;
  settleMs?: number;
  pageSize?: number;
  predictionsPerRun?: number;
  log(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void;
}

/** An open window during a run: its stored form plus the live sketch. */
interface LiveWindow {
  stored: StoredWindow;
  sketch: WindowSketch | null;
  outputs: Set<string>;
}

/**
 * Processes a monitor's new predictions: reads the log after the monitor's cursor in pages, adds
 * each page to the open window's sketch, closes complete windows and judges their checks, re-scores
 * closed windows whose labels arrived late, and commits each page (cursor, windows, results, alerts)
 * in one transaction that fails if another run committed first.
 */
export class MonitorRunner {
  constructor(private readonly options: MonitorRunnerOptions) {}

  async run(monitor: StoredMonitor): Promise<MonitorRunSummary> {
    const { store, clock } = this.options;
    const summary: MonitorRunSummary = { windowsClosed: 0, predictionsRead: 0, results: 0, alertsOpened: 0, alertsResolved: 0 };
    const state = await store.runState(monitor.id);
    if (!state) return summary;
    const now = clock.now();
    const horizon = now - (this.options.settleMs ?? monitorRunLimits.settleMs);
    const pageSize = this.options.pageSize ?? monitorRunLimits.pageSize;
    const loaded = await this.options.references.forRun(monitor);
    const referenceKey = loaded ? `${loaded.reference.source}:${loaded.reference.createdTime}:${loaded.reference.rows}` : null;
    const ctx: JudgeContext = { monitor, reference: loaded ? loaded.sketch.samples() : null, now };

    let version = state.version;
    let cursor = state.cursor;
    let nextSeq = state.lastSeq + 1;
    let lastClosedEnd = state.lastClosedEnd;
    let open: LiveWindow | null = null;
    const stored = await store.openWindow(monitor.id);
    if (stored && stored.state.referenceKey === referenceKey) open = this.revive(stored, loaded);
    else if (stored) {
      // The reference changed under the open window: its sketch has the old bins, so read it again.
      cursor = stored.state.begin;
      open = this.fresh(monitor, loaded, referenceKey, stored.seq, stored.start, cursor);
    }

    const changed = new Map<number, StoredWindow>();
    const closedNow = new Set<number>();
    const results: NewResult[] = [];
    const commit = async () => {
      if (open) changed.set(open.stored.seq, this.snapshot(open));
      const outcome = await store.commitRun(monitor, version, { cursor, feedbackSince: state.feedbackSince, windows: [...changed.values()], results: [...results], now });
      if (!outcome) throw invalidState(`Monitor ${monitor.id} was run by another process at the same time; its predictions were not counted twice`);
      version += 1;
      summary.results += results.length;
      summary.alertsOpened += outcome.opened.length;
      summary.alertsResolved += outcome.resolved.length;
      changed.clear();
      results.length = 0;
      await this.afterCommit(monitor, outcome.opened, outcome.resolved);
    };
    const close = async (w: LiveWindow) => {
      w.stored.closed = true;
      const judged = await this.judge(ctx, monitor, w);
      changed.set(w.stored.seq, judged.window);
      results.push(...judged.results);
      summary.windowsClosed += 1;
      closedNow.add(w.stored.seq);
      lastClosedEnd = w.stored.end;
    };
    const timeMs = monitor.window.kind === 'time' ? monitor.window.minutes * 60_000 : 0;
    const closeEmptyUntil = async (until: number) => {
      // Time windows with no predictions still get results (null, "empty window"): silence is visible.
      if (lastClosedEnd === null) return;
      // Aligned to this window size: the closed windows before it may have had another one.
      let start = Math.ceil(lastClosedEnd / timeMs) * timeMs;
      for (let n = 0; start + timeMs <= until && n < monitorRunLimits.emptyWindowsPerRun; n++, start += timeMs) {
        await close(this.fresh(monitor, loaded, referenceKey, nextSeq++, start, cursor));
      }
    };

    for (;;) {
      const page = await this.options.predictions.listAfter(monitor.deploymentId, cursor, pageSize, horizon + 1);
      let batch: StoredPrediction[] = [];
      const flush = () => {
        if (open && batch.length > 0) this.add(open, batch, monitor, loaded);
        batch = [];
      };
      for (const p of page) {
        if (monitor.window.kind === 'time') {
          const start = Math.floor(p.time / timeMs) * timeMs;
          if (open && start >= open.stored.end) {
            flush();
            await close(open);
            open = null;
          }
          if (!open) {
            await closeEmptyUntil(start);
            open = this.fresh(monitor, loaded, referenceKey, nextSeq++, start, cursor);
            open.stored.end = start + timeMs;
          }
        } else if (!open) {
          open = this.fresh(monitor, loaded, referenceKey, nextSeq++, p.time, cursor);
        }
        batch.push(p);
        open.stored.predictions += 1;
        cursor = { time: p.time, id: p.id };
        if (monitor.window.kind === 'count') {
          open.stored.end = p.time + 1;
          if (open.stored.predictions >= monitor.window.predictions) {
            flush();
            await close(open);
            open = null;
          }
        }
      }
      flush();
      summary.predictionsRead += page.length;
      const more = page.length === pageSize && summary.predictionsRead < (this.options.predictionsPerRun ?? monitorRunLimits.predictionsPerRun);
      if (!more && monitor.window.kind === 'time') {
        // Caught up to the horizon: a time window that ended before it is complete.
        if (open && open.stored.end <= horizon) {
          await close(open);
          open = null;
        }
        if (!open) await closeEmptyUntil(horizon);
      }
      if (!more) break;
      await commit();
    }
    results.push(...(await this.rescoreLateLabels(ctx, monitor, state.feedbackSince, closedNow, changed)));
    // Feedback is stamped before its transaction commits: look back a little next time too (re-scoring is idempotent).
    state.feedbackSince = Math.max(state.feedbackSince, now - Math.max(1_000, this.options.settleMs ?? monitorRunLimits.settleMs));
    await commit();
    return summary;
  }

  /** Performance checks again on closed windows whose predictions got labels since the last run. */
  private async rescoreLateLabels(ctx: JudgeContext, monitor: StoredMonitor, since: number, closedNow: ReadonlySet<number>, changed: Map<number, StoredWindow>): Promise<NewResult[]> {
    if (!monitor.task) return [];
    const times = await this.options.feedback.labelledSince(monitor.deploymentId, since);
    const windows = await this.options.store.closedWindowsAt(monitor.id, times);
    const out: NewResult[] = [];
    for (const w of windows) {
      if (closedNow.has(w.seq)) continue;
      const labelled = await this.options.feedback.labelled(monitor.deploymentId, w.start, w.end);
      const judged = judgePerformance(ctx, w, labelled);
      // Feedback seen before (the look-back overlaps runs) changes nothing: no new results, no alert.
      if (JSON.stringify(judged.performance) === JSON.stringify(w.performance)) continue;
      changed.set(w.seq, { ...w, performance: judged.performance });
      out.push(...judged.results.map((r) => ({ ...r, late: true })));
    }
    return out;
  }

  private async judge(ctx: JudgeContext, monitor: StoredMonitor, w: LiveWindow): Promise<{ window: StoredWindow; results: NewResult[] }> {
    const s = w.stored;
    const drift = judgeDrift(ctx, { seq: s.seq, start: s.start, end: s.end, rows: s.rows, samples: w.sketch ? w.sketch.samples() : null, outputs: w.outputs });
    const labelled = monitor.task ? await this.options.feedback.labelled(monitor.deploymentId, s.start, s.end) : null;
    const performance = judgePerformance(ctx, s, labelled);
    return { window: { ...this.snapshot(w), drift: drift.report, performance: performance.performance }, results: [...drift.results, ...performance.results] };
  }

  private add(w: LiveWindow, batch: StoredPrediction[], monitor: StoredMonitor, loaded: LoadedReference | null): void {
    for (const p of batch) for (const t of p.outputs) for (const name of tensorColumnNames(t)) w.outputs.add(name);
    if (w.sketch && loaded) {
      const table = predictionTable(batch, loaded.layout, monitor.features);
      w.sketch.add(table);
      w.stored.rows += table.rows;
    } else {
      for (const p of batch) w.stored.rows += Math.max(1, p.inputs[0]?.shape[0] ?? 1);
    }
  }

  private fresh(monitor: StoredMonitor, loaded: LoadedReference | null, referenceKey: string | null, seq: number, start: number, begin: PredictionCursor | null): LiveWindow {
    const end = monitor.window.kind === 'time' ? start + monitor.window.minutes * 60_000 : start + 1;
    return {
      stored: { seq, start, end, closed: false, rows: 0, predictions: 0, state: { sketch: null, referenceKey, outputs: [], begin }, drift: null, performance: null },
      sketch: loaded ? WindowSketch.empty(loaded.layout) : null,
      outputs: new Set(),
    };
  }

  private revive(stored: StoredWindow, loaded: LoadedReference | null): LiveWindow {
    const sketch = loaded && stored.state.sketch !== null ? WindowSketch.fromJSON(loaded.layout, stored.state.sketch) : null;
    return { stored: { ...stored }, sketch, outputs: new Set(stored.state.outputs) };
  }

  private snapshot(w: LiveWindow): StoredWindow {
    return { ...w.stored, state: { ...w.stored.state, sketch: w.sketch ? w.sketch.toJSON() : null, outputs: [...w.outputs] } };
  }

  private async afterCommit(monitor: StoredMonitor, opened: Alert[], resolved: Alert[]): Promise<void> {
    for (const alert of resolved) this.options.log('info', 'monitor alert resolved: the check passed again', { alertId: alert.id, monitorId: monitor.id, checkKey: alert.checkKey });
    for (const alert of opened) {
      this.options.log('warn', alert.message, { alertId: alert.id, monitorId: monitor.id, deployment: monitor.deployment, checkKey: alert.checkKey, severity: alert.severity });
      try {
        await this.options.actions?.alertOpened(alert, monitor);
      } catch (error) {
        this.options.log('warn', 'a monitor action failed; the alert stays open', { alertId: alert.id, monitorId: monitor.id, err: error });
      }
    }
  }
}
