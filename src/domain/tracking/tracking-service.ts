import { randomUUID } from 'node:crypto';
import { chosenProject, projectTag, type ProjectAccess } from '../access/project-access.js';
import { recordedUserName } from '../access/recorded-user.js';
import { unrestrictedAccess } from '../access/unrestricted-access.js';
import type { Clock } from '../clock.js';
import { CairnError, invalidArgument, invalidState, notFound } from '../errors.js';
import { uploadRootPrefix } from '../registry/upload-folder.js';
import { generateRunName } from './run-names.js';
import { TrackingGuards, assertActive, inUploadFolders } from './tracking-guards.js';
import type { RunBatch, TrackingStore } from './tracking-store.js';
import { TrackingSearch, isStoredId, parseMetricHistoryJson, type MetricHistoryPage } from './tracking-search.js';
import {
  defaultExperimentId,
  systemTags,
  type BulkIntervalQuery,
  type DatasetInput,
  type Experiment,
  type ExperimentSearch,
  type KeyValue,
  type Metric,
  type MetricHistoryQuery,
  type Page,
  type Run,
  type RunInfo,
  type RunMetric,
  type RunSearch,
  type RunStatus,
} from './types.js';
import * as v from './validation.js';
import { appendLoggedModel } from './logged-models.js';

export interface TrackingServiceDeps {
  store: TrackingStore;
  clock: Clock;
  /** Defaults to Math.random; tests pin it to get predictable run names. */
  random?: () => number;
  /** Defaults to a random uuid4 in hex, as MLflow's server generates. */
  newRunId?: () => string;
  /** Who may do what (app.ts wires AccessControl); everything is allowed when absent. */
  access?: ProjectAccess;
}

export interface NewRunRequest {
  experimentId?: string;
  userId?: string;
  runName?: string;
  startTime?: number;
  tags?: KeyValue[];
}

export interface RunInfoUpdate {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

/**
 * Every tracking use case, whatever the surface (MLflow routes, native API, CLI, UI). Owns the
 * validation limits and lifecycle rules; the store only persists.
 */
export class TrackingService {
  private readonly store: TrackingStore;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly newRunId: () => string;
  private readonly search: TrackingSearch;
  private readonly access: ProjectAccess;
  private readonly guards: TrackingGuards;

  constructor(deps: TrackingServiceDeps) {
    this.access = deps.access ?? unrestrictedAccess;
    this.store = deps.store;
    this.clock = deps.clock;
    this.random = deps.random ?? Math.random;
    this.newRunId = deps.newRunId ?? (() => randomUUID().replaceAll('-', ''));
    this.search = new TrackingSearch(deps.store);
    this.guards = new TrackingGuards(deps.store, this.access);
  }

  // ---- experiments ----

  /**
   * Creates the experiment in project `project` (a name), or in the one its `cairn.project` tag
   * names (how MLflow clients choose), or in the default project. The tag is an instruction, not
   * kept: the experiment's project is reported by the native API.
   */
  async createExperiment(name: string, artifactLocation?: string, tags: KeyValue[] = [], project?: string): Promise<string> {
    v.validateExperimentName(name);
    tags.forEach((tag, i) => v.validateExperimentTag(tag, `tags[${i}].`));
    if (artifactLocation !== undefined && artifactLocation !== '') v.validateLength('artifact_location', artifactLocation, 4096);
    // The upload folders of model versions are the registry's; runs could not write there anyway.
    if (artifactLocation !== undefined && inUploadFolders(artifactLocation)) {
      throw invalidArgument(`artifact_location: ${uploadRootPrefix}/ in the artifact store holds files uploaded to model versions; choose another location`);
    }
    const projectName = chosenProject(project, tags);
    const target = await this.access.requireProjectNamed(projectName, 'write', `to create experiment '${name}'`);
    tags = tags.filter((tag) => tag.key !== projectTag);
    const existing = await this.store.getExperimentByName(name);
    if (existing) throw new CairnError('ALREADY_EXISTS', `Experiment '${name}' already exists${existing.lifecycleStage === 'deleted' ? ' (deleted)' : ''}`);
    return this.store.createExperiment({
      name,
      projectId: target.id,
      ...(artifactLocation ? { artifactLocation } : {}),
      artifactLocationFor: (id) => `mlflow-artifacts:/${id}`,
      tags,
      now: this.clock.now(),
    });
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const experiment = await this.guards.loadExperiment(experimentId);
    await this.access.requireProject(experiment.projectId, 'read', `to read experiment '${experimentId}'`);
    return experiment;
  }

  async getExperimentByName(name: string): Promise<Experiment> {
    if (name === '') throw invalidArgument('experiment_name: required');
    const experiment = await this.store.getExperimentByName(name);
    if (!experiment) throw notFound(`No experiment named '${name}'`);
    await this.access.requireProject(experiment.projectId, 'read', `to read experiment '${name}'`);
    return experiment;
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    v.validateExperimentName(newName, 'new_name');
    const experiment = await this.guards.writableExperiment(experimentId, 'rename');
    if (experiment.lifecycleStage !== 'active') throw invalidState(`Cannot rename experiment '${experimentId}': it is not in the 'active' state`);
    if (experiment.name === newName) return;
    if (await this.store.getExperimentByName(newName)) throw new CairnError('ALREADY_EXISTS', `Experiment '${newName}' already exists`);
    await this.store.renameExperiment(experimentId, newName, this.clock.now());
  }

  /** Deletes the experiment and, as MLflow does, marks its runs deleted too. */
  async deleteExperiment(experimentId: string): Promise<void> {
    const experiment = await this.guards.writableExperiment(experimentId, 'delete');
    // Clients assume the Default experiment always exists (reference sheet §1).
    if (experimentId === defaultExperimentId) throw invalidArgument(`experiment_id: the Default experiment '${defaultExperimentId}' cannot be deleted`);
    if (experiment.lifecycleStage === 'deleted') throw invalidState(`Experiment '${experimentId}' is already deleted`);
    await this.store.setExperimentLifecycle(experimentId, 'deleted', this.clock.now());
  }

  /** Restores the experiment and every run in it; only a deleted experiment can be restored. */
  async restoreExperiment(experimentId: string): Promise<void> {
    const experiment = await this.guards.writableExperiment(experimentId, 'restore');
    if (experiment.lifecycleStage === 'active') throw invalidState(`Experiment '${experimentId}' is not deleted`);
    await this.store.setExperimentLifecycle(experimentId, 'active', this.clock.now());
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    v.validateExperimentTag({ key, value });
    await this.guards.activeExperiment(experimentId, 'set a tag on');
    await this.store.setExperimentTag(experimentId, { key, value }, this.clock.now());
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    const experiment = await this.guards.activeExperiment(experimentId, 'delete a tag of');
    if (!experiment.tags.some((tag) => tag.key === key)) throw notFound(`No tag '${key}' on experiment '${experimentId}'`);
    await this.store.deleteExperimentTag(experimentId, key, this.clock.now());
  }

  /** Only experiments of projects the caller may read. */
  async searchExperiments(query: ExperimentSearch): Promise<Page<Experiment>> {
    // A named project is checked like any read of it: unknown is NOT_FOUND, unreadable PERMISSION_DENIED.
    if (query.project !== undefined) {
      const project = await this.access.requireProjectNamed(query.project, 'read', `to search experiments of project '${query.project}'`);
      return this.search.experiments(query, [project.id]);
    }
    return this.search.experiments(query, await this.access.readableProjects());
  }

  // ---- runs ----

  async createRun(request: NewRunRequest): Promise<Run> {
    const experimentId = request.experimentId || defaultExperimentId;
    const tags = dedupeTags(request.tags ?? []);
    tags.forEach((tag, i) => v.validateRunTag(tag, `tags[${i}].`));
    const nameTag = tags.find((tag) => tag.key === systemTags.runName)?.value;
    if (request.runName && nameTag !== undefined && nameTag !== request.runName) {
      throw invalidArgument(`run_name: '${request.runName}' differs from the '${systemTags.runName}' tag '${nameTag}'; give one or make them equal`);
    }
    if (request.startTime !== undefined && (!Number.isSafeInteger(request.startTime) || request.startTime < 0)) {
      throw invalidArgument(`start_time: must be a non-negative integer (epoch milliseconds)`);
    }
    const experiment = await this.guards.activeExperiment(experimentId, 'create a run in');
    const runName = request.runName || nameTag || generateRunName(this.random);
    v.validateLength('run_name', runName, v.limits.runTagValueLength);
    const runId = this.newRunId();
    const allTags = [...tags.filter((tag) => tag.key !== systemTags.runName), { key: systemTags.runName, value: runName }];
    await this.store.createRun({
      runId,
      experimentId: experiment.experimentId,
      userId: recordedUserName(this.access.caller(), request.userId ?? tags.find((tag) => tag.key === systemTags.user)?.value),
      runName,
      startTime: request.startTime ?? this.clock.now(),
      artifactUri: `${experiment.artifactLocation.replace(/\/+$/, '')}/${runId}/artifacts`,
      tags: allTags,
    });
    return this.getRun(runId);
  }

  async getRun(runId: string): Promise<Run> {
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'read');
    const run = await this.store.getRun(runId);
    if (!run) throw notFound(`No run with id '${runId}'`);
    return run;
  }

  async getRunInfo(runId: string): Promise<RunInfo> {
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'read');
    const info = await this.store.getRunInfo(runId);
    if (!info) throw notFound(`No run with id '${runId}'`);
    return info;
  }

  async updateRun(runId: string, update: RunInfoUpdate): Promise<RunInfo> {
    v.validateRunUpdate(update);
    await this.access.requireRun(runId, 'write', `to update run '${runId}'`);
    await this.guards.activeRun(runId);
    const changes = { ...update };
    if (changes.runName === '') delete changes.runName;
    // The store keeps the run name's tag equal to the row, in the same write.
    return this.store.updateRun(runId, changes);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.guards.writableRunInfo(runId, 'delete');
    await this.store.setRunLifecycle(runId, 'deleted', this.clock.now());
  }

  async restoreRun(runId: string): Promise<void> {
    await this.guards.writableRunInfo(runId, 'restore');
    await this.store.setRunLifecycle(runId, 'active', this.clock.now());
  }

  // The logging calls check that the run is active inside the store's write (see RunPrecondition):
  // with many concurrent clients, one lookup then serves a whole group of writes.

  async logMetric(runId: string, metric: Metric): Promise<void> {
    v.validateMetric(metric);
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'write', `to log to run '${runId}'`);
    await this.store.logBatch(runId, { metrics: [metric], params: [], tags: [] }, assertActive);
  }

  async logParam(runId: string, key: string, value: string): Promise<void> {
    v.validateParam({ key, value });
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'write', `to log to run '${runId}'`);
    await this.store.logBatch(runId, { metrics: [], params: [{ key, value }], tags: [] }, assertActive);
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.logBatch(runId, { metrics: [], params: [], tags: [{ key, value }] });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'write', `to delete a tag of run '${runId}'`);
    const run = await this.store.getRun(runId);
    if (!run) throw notFound(`No run with id '${runId}'`);
    assertActive(run.info);
    if (!run.data.tags.some((tag) => tag.key === key)) throw notFound(`No tag '${key}' on run '${runId}'`);
    await this.store.deleteRunTag(runId, key);
  }

  /** All or nothing: the whole batch is validated before anything is written. */
  async logBatch(runId: string, batch: RunBatch): Promise<void> {
    v.validateBatchCounts(batch.metrics.length, batch.params.length, batch.tags.length);
    v.validateMetrics(batch.metrics);
    batch.params.forEach((param, i) => v.validateParam(param, `params[${i}].`));
    batch.tags.forEach((tag, i) => v.validateRunTag(tag, `tags[${i}].`));
    v.validateUniqueParamKeys(batch.params);
    v.validateRunId(runId);
    // The hot path: the run's project is cached, so this costs one role lookup for a signed-in user and nothing for an admin.
    await this.access.requireRun(runId, 'write', `to log to run '${runId}'`);
    const tags = dedupeTags(batch.tags);
    // A run name tag also renames the run row, in the same write (see TrackingStore.logBatch).
    await this.store.logBatch(runId, { metrics: batch.metrics, params: batch.params, tags }, assertActive);
  }

  /** Appends the MLmodel dictionary to the run's `mlflow.log-model.history` tag. */
  async logModel(runId: string, modelJson: string): Promise<void> {
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'write', `to log a model to run '${runId}'`);
    const run = await this.store.getRun(runId);
    if (!run) throw notFound(`No run with id '${runId}'`);
    assertActive(run.info);
    const history = run.data.tags.find((tag) => tag.key === systemTags.logModelHistory)?.value;
    const value = appendLoggedModel(history, modelJson);
    await this.store.logBatch(runId, { metrics: [], params: [], tags: [{ key: systemTags.logModelHistory, value }] });
  }

  async logInputs(runId: string, inputs: DatasetInput[]): Promise<void> {
    inputs.forEach((input, i) => v.validateDatasetInput(input, `datasets[${i}]`));
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'write', `to log inputs to run '${runId}'`);
    await this.guards.activeRun(runId);
    if (inputs.length > 0) await this.store.logInputs(runId, inputs);
  }

  /** Every named experiment must be readable; unknown ones simply match nothing. */
  async searchRuns(query: RunSearch): Promise<Page<Run>> {
    for (const experimentId of new Set(query.experimentIds)) {
      if (isStoredId(experimentId)) await this.guards.readableIfExists(() => this.access.requireExperiment(experimentId, 'read', `to search runs of experiment '${experimentId}'`));
    }
    return this.search.runs(query);
  }

  /** The history as objects, for in-process callers; the HTTP APIs send `getMetricHistoryJson` as is. */
  async getMetricHistory(query: MetricHistoryQuery): Promise<Page<Metric>> {
    const page = await this.getMetricHistoryJson(query);
    const items = parseMetricHistoryJson(page.json);
    return page.nextPageToken ? { items, nextPageToken: page.nextPageToken } : { items };
  }

  /**
   * The hot path for big series: a page of history as the JSON array text of its points, written by
   * the database in the wire form both HTTP APIs share. For 100,000 points this answers in about
   * half the time of building and serialising objects (see docs/performance.md).
   */
  async getMetricHistoryJson(query: MetricHistoryQuery): Promise<MetricHistoryPage> {
    v.validateKey('metric', query.key, 'metric_key');
    await this.getRunInfo(query.runId);
    return this.search.metricHistoryJson(query);
  }

  async getMetricHistoryBulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]> {
    v.validateBulkIntervalQuery(query);
    for (const runId of new Set(query.runIds)) await this.guards.readableIfExists(() => this.access.requireRun(runId, 'read'));
    return this.store.getMetricHistoryBulkInterval(query);
  }
}

/** The last value wins when a key repeats, as with repeated set_tag calls. */
function dedupeTags(tags: readonly KeyValue[]): KeyValue[] {
  if (tags.length < 2) return [...tags];
  return [...new Map(tags.map((tag) => [tag.key, tag] as const)).values()];
}
