import type { Clock } from '../clock.js';
import type { BatchingSettings, Deployment, StoredDeployment } from '../deployments/deployment.js';
import type { DeploymentService } from '../deployments/deployment-service.js';
import { CairnError, invalidState, notFound } from '../errors.js';
import type { PredictionSink } from '../predictions/prediction.js';
import { timeOrderedId } from '../predictions/prediction-id.js';
import type { ModelSignature, TensorSpec } from '../registry/model-files.js';
import type { ModelFilesService } from '../registry/model-files-service.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { ModelVersion } from '../registry/types.js';
import { AdaptiveBatcher } from './adaptive-batcher.js';
import { drainingModel } from './draining-model.js';
import { ModelCache } from './model-cache.js';
import type { ServingObserver } from './serving-observer.js';
import { AfterAnswers } from './shadow-runs.js';
import { stableDraw, stickyKey, type RequestHeaders } from './sticky-key.js';
import { isBatchable } from './tensor-batch.js';
import type { Tensor } from './tensor.js';
import { pickWeighted, type RandomSource, type ServingTarget } from './traffic-router.js';
import { TtlCache } from './ttl-cache.js';
import { WarmSwap, zeroInputs } from './warm-swap.js';

/** A loaded model as serving uses it (the ONNX adapter's OnnxModel has this shape). */
export interface ServingModel {
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];
  readonly estimatedMemoryBytes: number;
  run(inputs: readonly Tensor[]): Promise<Tensor[]>;
  release(): Promise<void>;
}

export interface InferenceServiceOptions {
  /** `servingLookup` checks that the caller may read the deployment's project; `onChange` drops cached revisions. */
  deployments: Pick<DeploymentService, 'servingLookup'> & Partial<Pick<DeploymentService, 'onChange'>>;
  registry: Pick<RegistryService, 'getModelVersion' | 'getModelVersionByAlias'>;
  modelFiles: Pick<ModelFilesService, 'files' | 'openFile'>;
  /** Builds a runnable model from a model file's bytes (app.ts wires the ONNX runtime). */
  loadModel(bytes: AsyncIterable<Uint8Array>): Promise<ServingModel>;
  memoryBudgetBytes: number;
  /** Draws for weighted routing and log sampling; Math.random by default. */
  random?: RandomSource;
  /** Where sampled predictions go (the prediction log); none: nothing is logged. */
  sink?: PredictionSink;
  /** Told of every request and every model run (metrics, live statistics). */
  observer?: ServingObserver;
  /** Time of arrival of a logged prediction; the system clock by default. */
  clock?: Clock;
  /**
   * How long a deployment's revision and an alias's target are reused before being read again
   * (default 1000 ms, 0 reads them per request). A change made on another replica serves within it.
   */
  lookupCacheMs?: number;
}

/** A model version loaded in this process (docs/serving.md, "Many models on one server"). */
export interface LoadedModel {
  model: string;
  version: number;
  /** The estimate the memory budget counts. */
  memoryBytes: number;
  loadMs: number;
  /** Epoch milliseconds. */
  loadedAt: number;
  lastUsedAt: number;
}

/** A deployment resolved for one request: the version that answers and its loaded model. */
export interface ServedModel {
  deployment: Deployment;
  target: ServingTarget;
  model: ServingModel;
  signature: ModelSignature;
}

/** One request as a route hands it over: the body is decoded by the route's codec once the answering model is known. */
export interface PredictRequest<D extends { inputs: Tensor[] }> {
  deployment: string;
  /** A version named in the URL; routing picks one otherwise. */
  version?: number | undefined;
  headers: RequestHeaders;
  body: unknown;
  /** The route's codec: checks the body against a version's signature (also used for each shadow). */
  decode(body: unknown, signature: ModelSignature): D;
}

export interface PredictAnswer<D> {
  /** The prediction id (x-prediction-id, and the id in the log). */
  id: string;
  deployment: StoredDeployment;
  target: ServingTarget;
  decoded: D;
  outputs: Tensor[];
}

/**
 * The inference path (docs/serving.md, "Inference"): resolves a deployment (its revision cached
 * briefly), picks the answering version (named, sticky, weighted, or an alias's with warm swap),
 * decodes the body against that version's signature, runs it (adaptively batched when the revision
 * asks for it), answers, and afterwards runs the shadows and hands the sampled prediction to the log.
 */
export class InferenceService {
  private readonly cache: ModelCache<ServingModel>;
  private readonly random: RandomSource;
  private readonly clock: Clock;
  private readonly deploymentMemo: TtlCache<StoredDeployment>;
  private readonly versionMemo: TtlCache<ModelVersion>;
  private readonly batcher = new AdaptiveBatcher();
  private readonly batchable = new WeakMap<ServingModel, boolean>();
  private readonly swap: WarmSwap;
  private readonly afterAnswers = new AfterAnswers();

  constructor(private readonly options: InferenceServiceOptions) {
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? { now: () => Date.now() };
    const event = (key: string, model: ServingModel, loadMs?: number) => {
      const { model: name, version } = parseKey(key);
      return { model: name, version: String(version), memoryBytes: model.estimatedMemoryBytes, ...(loadMs !== undefined ? { loadMs } : {}) };
    };
    this.cache = new ModelCache({
      budgetBytes: options.memoryBudgetBytes,
      load: (key) => this.load(key),
      now: () => this.clock.now(),
      onLoaded: (key, model, loadMs) => options.observer?.modelLoaded?.(event(key, model, loadMs)),
      onEvicted: (key, model) => options.observer?.modelEvicted?.(event(key, model)),
    });
    const maxAgeMs = options.lookupCacheMs ?? 1000;
    // Monotonic time, not the injected clock: a test's fixed clock must not keep entries forever.
    this.deploymentMemo = new TtlCache(maxAgeMs, () => performance.now());
    this.versionMemo = new TtlCache(maxAgeMs, () => performance.now());
    options.deployments.onChange?.((name) => this.deploymentMemo.delete(name));
    this.swap = new WarmSwap({ isLoaded: (target) => this.cache.has(cacheKey(target)), warm: (target) => this.warm(target) });
  }

  /** Serves one request from end to end; every request, answered or refused, is told to the observer. */
  async predict<D extends { inputs: Tensor[] }>(request: PredictRequest<D>): Promise<PredictAnswer<D>> {
    const time = this.clock.now();
    const started = performance.now();
    let target: ServingTarget | undefined;
    try {
      const deployment = await this.lookup(request.deployment);
      target = await this.choose(deployment, request.version, request);
      const model = await this.cache.get(cacheKey(target));
      const decoded = request.decode(request.body, signatureOf(model));
      const spec = deployment.current.spec;
      const outputs = await this.runModel(deployment.name, spec.batching, target, model, decoded.inputs);
      const latencyMs = performance.now() - started;
      const id = timeOrderedId(time);
      this.options.observer?.request({ deployment: deployment.name, model: target.model, version: String(target.version), ok: true, latencyMs });
      this.afterAnswers.add({
        head: { id, time, deploymentId: deployment.id, deployment: deployment.name, projectId: deployment.projectId, revision: deployment.current.revision, model: target.model, version: target.version, latencyMs },
        inputs: decoded.inputs,
        outputs,
        shadows: spec.shadows,
        runShadow: async (shadow) => {
          const shadowModel = await this.cache.get(cacheKey(shadow));
          const shadowInputs = request.decode(request.body, signatureOf(shadowModel)).inputs;
          return this.runModel(deployment.name, spec.batching, shadow, shadowModel, shadowInputs);
        },
        logged: this.sampled(spec.logging.sampleRate),
        sink: this.options.sink,
      });
      return { id, deployment, target, decoded, outputs };
    } catch (error) {
      const latencyMs = performance.now() - started;
      this.options.observer?.request({ deployment: request.deployment, model: target?.model ?? '', version: target ? String(target.version) : '', ok: false, latencyMs });
      throw error;
    }
  }

  /** The deployment (read access checked) and the version that answers: `version` when given, else by its traffic rule. */
  private async target(name: string, version?: number): Promise<{ deployment: StoredDeployment; target: ServingTarget }> {
    const deployment = await this.lookup(name);
    return { deployment, target: await this.choose(deployment, version) };
  }

  /** Resolves the deployment and loads (or reuses) the answering model. */
  async resolve(name: string, version?: number): Promise<ServedModel> {
    const { deployment, target } = await this.target(name, version);
    const model = await this.cache.get(cacheKey(target));
    return { deployment, target, model, signature: signatureOf(model) };
  }

  /** The models loaded in this process, least recently used first, with their load time and estimated memory. */
  loadedModels(): LoadedModel[] {
    return this.cache.entries().map((entry) => ({
      ...parseKey(entry.key),
      memoryBytes: entry.model.estimatedMemoryBytes,
      loadMs: entry.loadMs,
      loadedAt: entry.loadedAt,
      lastUsedAt: entry.lastUsedAt,
    }));
  }

  async close(): Promise<void> {
    this.deploymentMemo.clear();
    this.versionMemo.clear();
    await this.cache.clear();
  }

  private lookup(name: string): Promise<StoredDeployment> {
    return this.options.deployments.servingLookup(name, this.deploymentMemo);
  }

  private async choose(deployment: StoredDeployment, version: number | undefined, request?: { headers: RequestHeaders; body: unknown }): Promise<ServingTarget> {
    const spec = deployment.current.spec;
    const name = deployment.name;
    if (version !== undefined) {
      // An explicit version must be one the deployment serves: a listed version, or any version of the followed alias's model.
      const model = 'alias' in spec ? spec.alias.model : spec.versions.find((v) => v.version === version)?.model;
      if (model === undefined) throw notFound(`Deployment '${name}' does not serve version ${version}`);
      const found = await this.versionMemo.get(JSON.stringify(['v', model, version]), () => this.options.registry.getModelVersion(model, version));
      if (found.status !== 'READY') throw notFound(`Deployment '${name}' does not serve version ${version}: it is ${found.status}`);
      return { model, version };
    }
    if ('alias' in spec) {
      const { model, alias } = spec.alias;
      const found = await this.versionMemo.get(JSON.stringify(['a', model, alias]), () => this.options.registry.getModelVersionByAlias(model, alias));
      return { model, version: this.swap.choose(name, model, found.version) };
    }
    if (spec.versions.length === 1) return pickWeighted(spec.versions, 0);
    // Sticky routing: the same key draws the same point, so it lands on the same version while the weights stay.
    const key = spec.sticky && request ? stickyKey(spec.sticky, request.headers, request.body) : undefined;
    return pickWeighted(spec.versions, key === undefined ? this.random() : stableDraw(key));
  }

  private sampled(rate: number): boolean {
    if (this.options.sink === undefined || rate <= 0) return false;
    return rate >= 1 || this.random() < rate;
  }

  /** One request's run: through the deployment's batcher when batching is on and the model allows it. */
  private runModel(deployment: string, batching: BatchingSettings, target: ServingTarget, model: ServingModel, inputs: readonly Tensor[]): Promise<Tensor[]> {
    const version = String(target.version);
    const report = (size: number) => this.options.observer?.batch({ deployment, model: target.model, version, size });
    if (batching.maxBatchSize > 1 && this.canBatch(model)) {
      return this.batcher.submit(`${deployment}\u0000${cacheKey(target)}`, batching, inputs, (stacked) => this.runLoaded(target, model, stacked), report);
    }
    report(1);
    return this.runLoaded(target, model, inputs);
  }

  private canBatch(model: ServingModel): boolean {
    let known = this.batchable.get(model);
    if (known === undefined) {
      known = isBatchable(model);
      this.batchable.set(model, known);
    }
    return known;
  }

  /** A model evicted between resolve and run (INVALID_STATE) is loaded again once. */
  private async runLoaded(target: ServingTarget, model: ServingModel, inputs: readonly Tensor[]): Promise<Tensor[]> {
    try {
      return await model.run(inputs);
    } catch (error) {
      if (!(error instanceof CairnError && error.code === 'INVALID_STATE')) throw error;
      const fresh = await this.cache.get(cacheKey(target));
      return fresh.run(inputs);
    }
  }

  /** Loads a version and runs it once on zeros, so its first request does not pay for lazy initialisation. */
  private async warm(target: ServingTarget): Promise<void> {
    const model = await this.cache.get(cacheKey(target));
    try {
      await model.run(zeroInputs(model.inputs));
    } catch {
      // A model that refuses zeros (e.g. it checks its inputs' values) is loaded all the same: warming is best effort.
    }
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

function signatureOf(model: ServingModel): ModelSignature {
  return { inputs: model.inputs, outputs: model.outputs };
}

const cacheKey = (target: ServingTarget) => JSON.stringify([target.model, target.version]);

function parseKey(key: string): ServingTarget {
  const [model, version] = JSON.parse(key) as [string, number];
  return { model, version };
}
