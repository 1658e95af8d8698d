import type { Deployment } from '../deployments/deployment.js';
import type { DeploymentService } from '../deployments/deployment-service.js';
import { CairnError, invalidState, notFound } from '../errors.js';
import type { ModelSignature, TensorSpec } from '../registry/model-files.js';
import type { ModelFilesService } from '../registry/model-files-service.js';
import type { RegistryService } from '../registry/registry-service.js';
import { drainingModel } from './draining-model.js';
import { ModelCache } from './model-cache.js';
import type { Tensor } from './tensor.js';
import { pickTarget, type RandomSource, type ServingTarget } from './traffic-router.js';

/** A loaded model as serving uses it (the ONNX adapter's OnnxModel has this shape). */
export interface ServingModel {
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];
  readonly estimatedMemoryBytes: number;
  run(inputs: readonly Tensor[]): Promise<Tensor[]>;
  release(): Promise<void>;
}

export interface InferenceServiceOptions {
  /** `get` checks that the caller may read the deployment's project. */
  deployments: Pick<DeploymentService, 'get'>;
  registry: Pick<RegistryService, 'getModelVersion' | 'getModelVersionByAlias'>;
  modelFiles: Pick<ModelFilesService, 'files' | 'openFile'>;
  /** Builds a runnable model from a model file's bytes (app.ts wires the ONNX runtime). */
  loadModel(bytes: AsyncIterable<Uint8Array>): Promise<ServingModel>;
  memoryBudgetBytes: number;
  /** Draws for weighted routing; Math.random by default. */
  random?: RandomSource;
}

/** A deployment resolved for one request: the version that answers and its loaded model. */
export interface ServedModel {
  deployment: Deployment;
  target: ServingTarget;
  model: ServingModel;
  signature: ModelSignature;
}

/**
 * The inference path: reads a deployment's current revision per request, picks the version that
 * answers (alias or weighted versions), and runs it from a shared cache of loaded models. Shadows,
 * sticky routing, batching and prediction logging are later work.
 */
export class InferenceService {
  private readonly cache: ModelCache<ServingModel>;
  private readonly random: RandomSource;

  constructor(private readonly options: InferenceServiceOptions) {
    this.random = options.random ?? Math.random;
    this.cache = new ModelCache({ budgetBytes: options.memoryBudgetBytes, load: (key) => this.load(key) });
  }

  /** The deployment (read access checked) and the version that answers: `version` when given, else by its traffic rule. */
  async target(name: string, version?: number): Promise<{ deployment: Deployment; target: ServingTarget }> {
    const deployment = await this.options.deployments.get(name);
    const spec = deployment.current.spec;
    if (version === undefined) {
      const target = await pickTarget(spec, this.random, async (model, alias) => (await this.options.registry.getModelVersionByAlias(model, alias)).version);
      return { deployment, target };
    }
    // An explicit version must be one the deployment serves: a listed version, or any version of the followed alias's model.
    const model = 'alias' in spec ? spec.alias.model : spec.versions.find((v) => v.version === version)?.model;
    if (model === undefined) throw notFound(`Deployment '${name}' does not serve version ${version}`);
    const found = await this.options.registry.getModelVersion(model, version);
    if (found.status !== 'READY') throw notFound(`Deployment '${name}' does not serve version ${version}: it is ${found.status}`);
    return { deployment, target: { model, version } };
  }

  /** Resolves the deployment and loads (or reuses) the answering model. */
  async resolve(name: string, version?: number): Promise<ServedModel> {
    const { deployment, target } = await this.target(name, version);
    const model = await this.cache.get(cacheKey(target));
    return { deployment, target, model, signature: { inputs: model.inputs, outputs: model.outputs } };
  }

  /** Runs the served model; a model evicted between resolve and run (INVALID_STATE) is loaded again once. */
  async run(served: ServedModel, inputs: readonly Tensor[]): Promise<Tensor[]> {
    try {
      return await served.model.run(inputs);
    } catch (error) {
      if (!(error instanceof CairnError && error.code === 'INVALID_STATE')) throw error;
      const fresh = await this.cache.get(cacheKey(served.target));
      return fresh.run(inputs);
    }
  }

  /** Keys (`model:version`) of the loaded models, least recently used first, and their estimated memory. */
  loadedModels(): { keys: string[]; memoryBytes: number } {
    const keys = this.cache.keys().map(parseKey).map((t) => `${t.model}:${t.version}`);
    return { keys, memoryBytes: this.cache.memoryBytes };
  }

  async close(): Promise<void> {
    await this.cache.clear();
  }

  private async load(key: string): Promise<ServingModel> {
    const { model, version } = parseKey(key);
    const files = await this.options.modelFiles.files(model, version);
    const onnx = files.find((f) => f.path.toLowerCase().endsWith('.onnx'));
    if (!onnx) throw invalidState(`version ${version} of model '${model}' has no ONNX file to serve`);
    const opened = await this.options.modelFiles.openFile(model, version, onnx.path);
    return drainingModel(await this.options.loadModel(await opened.read()));
  }
}

const cacheKey = (target: ServingTarget) => JSON.stringify([target.model, target.version]);

function parseKey(key: string): ServingTarget {
  const [model, version] = JSON.parse(key) as [string, number];
  return { model, version };
}
