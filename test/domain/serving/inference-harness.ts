import type { DeploymentSpecInput, StoredDeployment } from '../../../src/domain/deployments/deployment.js';
import { normalizeSpec } from '../../../src/domain/deployments/deployment-validation.js';
import { notFound } from '../../../src/domain/errors.js';
import type { PredictionRecord, PredictionSink } from '../../../src/domain/predictions/prediction.js';
import type { ModelVersion } from '../../../src/domain/registry/types.js';
import { InferenceService, type InferenceServiceOptions } from '../../../src/domain/serving/inference-service.js';
import type { ServedBatch, ServedRequest, ServingObserver } from '../../../src/domain/serving/serving-observer.js';
import { loadOnnxModel } from '../../../src/runtime/onnx/onnx-model.js';

/** A prediction sink that keeps what it gets, and lets a test wait for the n-th record. */
export class CollectingSink implements PredictionSink {
  readonly records: PredictionRecord[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  record(prediction: PredictionRecord): void {
    this.records.push(prediction);
    this.waiters = this.waiters.filter((w) => (this.records.length >= w.count ? (w.resolve(), false) : true));
  }

  /** Resolves once `count` records have arrived. */
  async until(count: number): Promise<PredictionRecord[]> {
    if (this.records.length < count) await new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
    return this.records;
  }
}

export class CollectingObserver implements ServingObserver {
  readonly requests: ServedRequest[] = [];
  readonly batches: ServedBatch[] = [];
  request(request: ServedRequest): void {
    this.requests.push(request);
  }
  batch(batch: ServedBatch): void {
    this.batches.push(batch);
  }
}

/**
 * An InferenceService over in-memory deployments, versions and model files (the collaborators it
 * reads through), running real ONNX models with onnxruntime. Lookups are not cached (lookupCacheMs 0),
 * so a changed spec or alias applies to the next request.
 */
export function inferenceHarness(options: {
  models: Record<string, Uint8Array>;
  deployments: Record<string, DeploymentSpecInput>;
  aliases?: Record<string, number>;
  service?: Partial<Pick<InferenceServiceOptions, 'random' | 'sink' | 'observer' | 'loadModel'>>;
}) {
  const deployments = new Map(Object.entries(options.deployments).map(([name, spec], i) => [name, stored(name, i + 1, spec)]));
  const aliases = new Map(Object.entries(options.aliases ?? {}));
  const loads: string[] = [];
  const version = (model: string, v: number): ModelVersion => {
    if (options.models[`${model}:${v}`] === undefined) throw notFound(`no version ${v} of '${model}'`);
    return { name: model, version: v, status: 'READY' } as ModelVersion;
  };
  const service = new InferenceService({
    deployments: {
      servingLookup: async (name) => {
        const found = deployments.get(name);
        if (!found) throw notFound(`Deployment '${name}' not found`);
        return found;
      },
    },
    registry: {
      getModelVersion: async (model, v) => version(model, Number(v)),
      getModelVersionByAlias: async (model, alias) => {
        const v = aliases.get(`${model}@${alias}`);
        if (v === undefined) throw notFound(`no alias ${alias}`);
        return version(model, v);
      },
    },
    modelFiles: {
      files: async () => [{ path: 'model.onnx', size: 0, sha256: '' }],
      openFile: async (model, v) => {
        const bytes = options.models[`${model}:${v}`];
        if (bytes === undefined) throw notFound('no file');
        loads.push(`${model}:${v}`);
        return { read: async () => (async function* () { yield bytes; })() } as never;
      },
    },
    loadModel: (bytes) => loadOnnxModel(bytes),
    memoryBudgetBytes: 1024 * 1024 * 1024,
    lookupCacheMs: 0,
    ...options.service,
  });
  return {
    service,
    /** `model:version` of every model file read for a load, in order. */
    loads,
    setSpec(name: string, spec: DeploymentSpecInput) {
      deployments.set(name, stored(name, deployments.size + 1, spec));
    },
    setAlias(model: string, alias: string, v: number) {
      aliases.set(`${model}@${alias}`, v);
    },
  };
}

function stored(name: string, id: number, spec: DeploymentSpecInput): StoredDeployment {
  return { id, projectId: 7, name, project: 'p', createdTime: 0, lastUpdateTime: 0, current: { revision: 3, time: 0, actor: 't', comment: '', spec: normalizeSpec(spec) } };
}
