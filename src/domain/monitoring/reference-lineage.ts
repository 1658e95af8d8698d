import type { Readable } from 'node:stream';
import type { ArtifactFile } from '../artifacts/artifact-index-store.js';
import { artifactRootOfUri } from '../artifacts/artifact-path.js';
import type { DeploymentSpec } from '../deployments/deployment.js';
import { invalidArgument } from '../errors.js';
import { getLineage, type LineageDataset } from '../registry/lineage.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { TrackingService } from '../tracking/tracking-service.js';

/** What reading a training dataset from lineage needs: the registry, runs, and the artifact stores. */
export interface LineageSources {
  registry: RegistryService;
  tracking: TrackingService;
  /** Run-relative artifacts (`runs:/<run>/<path>`). */
  runArtifacts: { stat(runId: string, path: string): Promise<ArtifactFile>; read(file: ArtifactFile): Promise<Readable> };
  /** Artifacts by their full path (`mlflow-artifacts:/...`). */
  artifacts: { stat(path: string): Promise<ArtifactFile>; read(file: ArtifactFile): Promise<Readable> };
}

export interface LineageFile {
  bytes: Uint8Array;
  /** The file's path, for its format. */
  path: string;
  /** `runs:/<id>/<path>` or the artifact URI, for the reference's description. */
  description: string;
  /** The model version whose training dataset this is. */
  model: string;
  version: number;
}

const instead = 'upload the training file instead (PUT the file as the reference), or use { "source": "predictions", "from", "to" }';

/**
 * Finds the training dataset of the model version a deployment serves and reads its file, when
 * the dataset's source is an artifact Cairn holds (`runs:/...` or `mlflow-artifacts:/...`). A
 * dataset that lives elsewhere (S3, HTTP, a local path on the trainer's machine) is not fetched:
 * Cairn would need credentials and network access it was never given.
 */
export class LineageDatasetReader {
  constructor(
    private readonly sources: LineageSources,
    private readonly maxBytes: number,
  ) {}

  async read(spec: DeploymentSpec): Promise<LineageFile> {
    const { model, version } = await this.servedVersion(spec);
    const lineage = await getLineage(this.sources.registry, this.sources.tracking, model, version);
    if (!lineage.run) throw invalidArgument(`${model} version ${version} names no run Cairn can read, so it has no training dataset; ${instead}`);
    const dataset = pickTraining(lineage.run.datasets, `${model} version ${version} (run ${lineage.run.runId})`);
    const uri = datasetUri(dataset);
    const runMatch = /^runs:\/([^/]+)\/(.+)$/.exec(uri ?? '');
    if (runMatch) {
      const file = await this.sources.runArtifacts.stat(runMatch[1]!, runMatch[2]!);
      return { bytes: await this.bytes(file, this.sources.runArtifacts), path: file.path, description: uri!, model, version };
    }
    const root = uri === null ? undefined : artifactRootOfUri(uri);
    if (root === undefined || root === '') {
      throw invalidArgument(`the training dataset '${dataset.name}' of ${model} version ${version} is at ${dataset.source || '(no source)'}, which Cairn does not hold; ${instead}`);
    }
    const file = await this.sources.artifacts.stat(root);
    return { bytes: await this.bytes(file, this.sources.artifacts), path: file.path, description: uri!, model, version };
  }

  /** The version a deployment serves: its alias's target, or the version with the most traffic. */
  async servedVersion(spec: DeploymentSpec): Promise<{ model: string; version: number }> {
    if ('alias' in spec) {
      const mv = await this.sources.registry.getModelVersionByAlias(spec.alias.model, spec.alias.alias);
      return { model: mv.name, version: mv.version };
    }
    // The version taking the most traffic is the one the monitor mostly watches.
    const main = [...spec.versions].sort((a, b) => b.weight - a.weight)[0];
    if (!main) throw invalidArgument(`the deployment serves no version; ${instead}`);
    return { model: main.model, version: main.version };
  }

  private async bytes(file: ArtifactFile, reader: { read(file: ArtifactFile): Promise<Readable> }): Promise<Uint8Array> {
    if (file.size > this.maxBytes) throw invalidArgument(`training dataset ${file.path} is ${file.size} bytes; a reference file holds at most ${this.maxBytes}`);
    const chunks: Buffer[] = [];
    for await (const chunk of await reader.read(file)) chunks.push(Buffer.from(chunk as Uint8Array));
    return new Uint8Array(Buffer.concat(chunks));
  }
}

/** The dataset tagged `training`; else the only one. */
function pickTraining(datasets: LineageDataset[], what: string): LineageDataset {
  const training = datasets.filter((d) => d.context === 'training' || d.context === 'train');
  if (training.length >= 1) return training[0]!;
  if (datasets.length === 1) return datasets[0]!;
  if (datasets.length === 0) throw invalidArgument(`${what} logged no dataset input; ${instead}`);
  throw invalidArgument(`${what} logged ${datasets.length} datasets and none has context 'training' (${datasets.map((d) => d.name).join(', ')}); ${instead}`);
}

/**
 * MLflow keeps a dataset's source as JSON (`{"uri": ...}`, `{"url": ...}`, `{"path": ...}`);
 * clients that log plain text give the URI itself.
 */
export function datasetUri(dataset: Pick<LineageDataset, 'source'>): string | null {
  const source = dataset.source.trim();
  if (source === '') return null;
  if (source.startsWith('{')) {
    try {
      const parsed = JSON.parse(source) as Record<string, unknown>;
      for (const key of ['uri', 'url', 'path', 'source']) {
        const v = parsed[key];
        if (typeof v === 'string' && v !== '') return v;
      }
      return null;
    } catch {
      return source;
    }
  }
  return source;
}
