import { artifactRootOfUri } from '../artifacts/artifact-path.js';
import type { ProjectAccess } from '../access/project-access.js';
import { CairnError, invalidArgument, notFound } from '../errors.js';
import { uploadFolderOf } from '../registry/upload-folder.js';
import type { TrackingStore } from './tracking-store.js';
import { isStoredId } from './tracking-search.js';
import type { Experiment, RunInfo } from './types.js';
import * as v from './validation.js';

/** The lookups that tracking use cases start with: the resource exists, the caller may act on it, it is in the right state. */
export class TrackingGuards {
  constructor(
    private readonly store: TrackingStore,
    private readonly access: ProjectAccess,
  ) {}


  async loadExperiment(experimentId: string): Promise<Experiment> {
    v.validateExperimentId(experimentId);
    const experiment = isStoredId(experimentId) ? await this.store.getExperiment(experimentId) : undefined;
    if (!experiment) throw notFound(`No experiment with id '${experimentId}'`);
    return experiment;
  }

  async writableExperiment(experimentId: string, verb: string): Promise<Experiment> {
    const experiment = await this.loadExperiment(experimentId);
    await this.access.requireProject(experiment.projectId, 'write', `to ${verb} experiment '${experimentId}'`);
    return experiment;
  }

  async writableRunInfo(runId: string, verb: string): Promise<RunInfo> {
    v.validateRunId(runId);
    await this.access.requireRun(runId, 'write', `to ${verb} run '${runId}'`);
    const info = await this.store.getRunInfo(runId);
    if (!info) throw notFound(`No run with id '${runId}'`);
    return info;
  }

  /** Runs an access check whose NOT_FOUND means "nothing to read here" rather than an error. */
  async readableIfExists(check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof CairnError && error.code === 'NOT_FOUND')) throw error;
    }
  }

  async activeExperiment(experimentId: string, verb = 'change'): Promise<Experiment> {
    const experiment = await this.writableExperiment(experimentId, verb);
    if (experiment.lifecycleStage !== 'active') {
      throw invalidArgument(`The experiment '${experimentId}' must be in the 'active' state; it is '${experiment.lifecycleStage}'`);
    }
    return experiment;
  }

  /** One indexed lookup per write; never cached, so replicas sharing a database agree. */
  async activeRun(runId: string): Promise<RunInfo> {
    v.validateRunId(runId);
    const info = await this.store.getRunInfo(runId);
    if (!info) throw notFound(`No run with id '${runId}'`);
    assertActive(info);
    return info;
  }
}

export function assertActive(run: Pick<RunInfo, 'runId' | 'lifecycleStage'>): void {
  if (run.lifecycleStage !== 'active') {
    throw invalidArgument(`The run '${run.runId}' must be in the 'active' state; it is '${run.lifecycleStage}'`);
  }
}

/** Whether an artifact location points into the registry's upload folders; a location the store would refuse does not. */
export function inUploadFolders(location: string): boolean {
  try {
    return uploadFolderOf(artifactRootOfUri(location) ?? '') !== undefined;
  } catch {
    return false;
  }
}
