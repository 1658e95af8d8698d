import { CairnError } from '../errors.js';
import type { TrackingService } from '../tracking/tracking-service.js';
import { systemTags, type KeyValue, type LifecycleStage, type Metric, type Run, type RunStatus } from '../tracking/types.js';
import type { RegistryService } from './registry-service.js';

/** The dataset tag MLflow clients use for a dataset's role (`training`, `evaluation`, ...). */
const datasetContextTag = 'mlflow.data.context';

export interface CodeVersion {
  sourceName: string | null;
  sourceType: string | null;
  gitCommit: string | null;
  gitBranch: string | null;
  /** `cairn.source.git.dirty` as recorded: true when tracked files had uncommitted changes. */
  gitDirty: boolean | null;
}

export interface LineageDataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  context: string | null;
}

export interface LineageRun {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  userId: string;
  lifecycleStage: LifecycleStage;
  codeVersion: CodeVersion;
  datasets: LineageDataset[];
  params: KeyValue[];
  /** The latest value of each metric. */
  metrics: Metric[];
}

export interface ModelLineage {
  version: { name: string; version: number; source: string; runId: string; creationTime: number; userId: string };
  /** Absent when the version names no run, its run no longer exists, or the caller may not read the run's project. */
  run?: LineageRun;
}

/**
 * "Where did this model come from", in one call: the version, its run (soft-deleted runs included,
 * so lineage survives a later delete), the run's code version, dataset inputs, params and metrics.
 */
export async function getLineage(registry: RegistryService, tracking: TrackingService, name: string, version: string | number): Promise<ModelLineage> {
  const mv = await registry.getModelVersion(name, version);
  const lineage: ModelLineage = {
    version: { name: mv.name, version: mv.version, source: mv.source, runId: mv.runId, creationTime: mv.creationTime, userId: mv.userId },
  };
  if (mv.runId === '') return lineage;
  const run = await findRun(tracking, mv.runId);
  if (run === undefined) return lineage;
  const experimentName = await tracking.getExperiment(run.info.experimentId).then(
    (e) => e.name,
    () => '',
  );
  return { ...lineage, run: toLineageRun(run, experimentName) };
}

async function findRun(tracking: TrackingService, runId: string): Promise<Run | undefined> {
  try {
    return await tracking.getRun(runId);
  } catch (error) {
    // A model readable by someone who may not read the run's project still shows its version part.
    if (error instanceof CairnError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_ARGUMENT' || error.code === 'PERMISSION_DENIED')) return undefined;
    throw error;
  }
}

function toLineageRun(run: Run, experimentName: string): LineageRun {
  const tag = (key: string): string | null => run.data.tags.find((t) => t.key === key)?.value ?? null;
  const dirty = tag(systemTags.gitDirty);
  const { info } = run;
  return {
    runId: info.runId,
    runName: info.runName,
    experimentId: info.experimentId,
    experimentName,
    status: info.status,
    startTime: info.startTime,
    endTime: info.endTime,
    userId: info.userId,
    lifecycleStage: info.lifecycleStage,
    codeVersion: {
      sourceName: tag(systemTags.sourceName),
      sourceType: tag(systemTags.sourceType),
      gitCommit: tag(systemTags.gitCommit),
      gitBranch: tag(systemTags.gitBranch),
      gitDirty: dirty === null ? null : dirty === 'true',
    },
    datasets: run.inputs.datasetInputs.map(({ dataset, tags }) => ({
      name: dataset.name,
      digest: dataset.digest,
      sourceType: dataset.sourceType,
      source: dataset.source,
      context: tags.find((t) => t.key === datasetContextTag)?.value ?? null,
    })),
    params: run.data.params,
    metrics: run.data.metrics,
  };
}
