import type { Kysely } from 'kysely';
import { notFound } from '../../domain/errors.js';
import type { ExperimentQuery, RunQuery } from '../../domain/tracking/search/search-query.js';
import type { MetricHistoryJson, NewExperiment, NewRun, RunBatch, RunPrecondition, RunUpdate, TrackingStore } from '../../domain/tracking/tracking-store.js';
import type {
  BulkIntervalQuery,
  DatasetInput,
  Experiment,
  KeyValue,
  LifecycleStage,
  Run,
  RunInfo,
  RunMetric,
} from '../../domain/tracking/types.js';
import { DatasetSqlStore } from './dataset-sql-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { SqlDialectName } from './dialect.js';
import { ExperimentSqlStore } from './experiment-sql-store.js';
import { MetricSqlStore } from './metric-sql-store.js';
import { RunLogSqlStore } from './run-log-sql-store.js';
import { RunRefs } from './run-refs.js';
import { RunSqlStore } from './run-sql-store.js';
import type { Schema } from './schema.js';

/** The tracking store over SQLite or Postgres: one implementation, composed of one part per aggregate. */
export class TrackingSqlStore implements TrackingStore {
  private readonly experiments: ExperimentSqlStore;
  private readonly runs: RunSqlStore;
  private readonly runLog: RunLogSqlStore;
  private readonly metrics: MetricSqlStore;
  private readonly datasets: DatasetSqlStore;
  private readonly refs: RunRefs;

  constructor(db: Kysely<Schema>, dialect: SqlDialectName, audit: AuditTrail) {
    this.refs = new RunRefs(db, dialect);
    this.datasets = new DatasetSqlStore(db, audit);
    this.experiments = new ExperimentSqlStore(db, dialect, audit);
    this.runs = new RunSqlStore(db, dialect, this.refs, this.datasets, audit);
    this.runLog = new RunLogSqlStore(db, dialect, this.refs, audit);
    this.metrics = new MetricSqlStore(db, dialect, this.refs);
  }

  createExperiment(experiment: NewExperiment): Promise<string> {
    return this.experiments.create(experiment);
  }

  getExperiment(experimentId: string): Promise<Experiment | undefined> {
    return this.experiments.get(experimentId);
  }

  getExperimentByName(name: string): Promise<Experiment | undefined> {
    return this.experiments.getByName(name);
  }

  renameExperiment(experimentId: string, newName: string, now: number): Promise<void> {
    return this.experiments.rename(experimentId, newName, now);
  }

  setExperimentLifecycle(experimentId: string, stage: LifecycleStage, now: number): Promise<void> {
    return this.experiments.setLifecycle(experimentId, stage, now);
  }

  setExperimentTag(experimentId: string, tag: KeyValue, now: number): Promise<void> {
    return this.experiments.setTag(experimentId, tag, now);
  }

  deleteExperimentTag(experimentId: string, key: string, now: number): Promise<void> {
    return this.experiments.deleteTag(experimentId, key, now);
  }

  searchExperiments(query: ExperimentQuery): Promise<Experiment[]> {
    return this.experiments.search(query);
  }

  createRun(run: NewRun): Promise<void> {
    return this.runs.create(run);
  }

  getRun(runId: string): Promise<Run | undefined> {
    return this.runs.get(runId);
  }

  getRunInfo(runId: string): Promise<RunInfo | undefined> {
    return this.runs.getInfo(runId);
  }

  updateRun(runId: string, update: RunUpdate): Promise<RunInfo> {
    return this.runs.update(runId, update);
  }

  setRunLifecycle(runId: string, stage: LifecycleStage, now: number): Promise<void> {
    return this.runs.setLifecycle(runId, stage, now);
  }

  logBatch(runId: string, batch: RunBatch, precondition?: RunPrecondition): Promise<void> {
    return this.runLog.logBatch(runId, batch, precondition);
  }

  deleteRunTag(runId: string, key: string): Promise<void> {
    return this.runs.deleteTag(runId, key);
  }

  async logInputs(runId: string, inputs: DatasetInput[]): Promise<void> {
    const ref = await this.refs.resolve(runId);
    if (!ref) throw notFound(`No run with id '${runId}'`);
    await this.datasets.logInputs({ ...ref, runId }, inputs);
  }

  searchRuns(query: RunQuery): Promise<Run[]> {
    return this.runs.search(query);
  }

  getMetricHistoryJson(runId: string, key: string, page: { offset: number; limit?: number }): Promise<MetricHistoryJson> {
    return this.metrics.historyJson(runId, key, page);
  }

  getMetricHistoryBulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]> {
    return this.metrics.bulkInterval(query);
  }
}
