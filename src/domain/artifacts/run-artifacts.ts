import type { Readable } from 'node:stream';
import { notFound } from '../errors.js';
import type { ArtifactFile } from './artifact-index-store.js';
import { artifactRootOfUri, checkArtifactPath, joinArtifactPath } from './artifact-path.js';
import type { ArtifactEntry, ArtifactService, ByteRange } from './artifact-service.js';

/** Answers a run's artifact URI; NOT_FOUND for an unknown run (the tracking service does this). */
export type RunArtifactUriLookup = (runId: string) => Promise<string>;

export interface RunArtifactListing {
  /** The run's artifact URI, as MLflow's `artifacts/list` reports it. */
  rootUri: string;
  /** Children of the listed folder, with paths relative to the run's artifact root. */
  files: ArtifactEntry[];
}

/** Artifacts addressed by run id and run-relative path, as the MLflow tracking API and UI do. */
export class RunArtifacts {
  constructor(
    private readonly artifacts: ArtifactService,
    private readonly artifactUriOf: RunArtifactUriLookup,
  ) {}

  /** Lists folder `path` of the run (`''` for its root). A run whose artifacts live elsewhere lists as empty. */
  async list(runId: string, path = ''): Promise<RunArtifactListing> {
    const relative = checkArtifactPath(path.endsWith('/') ? path.slice(0, -1) : path, { allowRoot: true });
    const rootUri = await this.artifactUriOf(runId);
    const root = artifactRootOfUri(rootUri);
    if (root === undefined) return { rootUri, files: [] };
    const strip = root === '' ? 0 : root.length + 1;
    const entries = await this.artifacts.list(joinArtifactPath(root, relative));
    return { rootUri, files: entries.map((entry) => ({ ...entry, path: entry.path.slice(strip) })) };
  }

  /** The file at run-relative `path`. */
  async stat(runId: string, path: string): Promise<ArtifactFile> {
    checkArtifactPath(path);
    const rootUri = await this.artifactUriOf(runId);
    const root = artifactRootOfUri(rootUri);
    if (root === undefined) throw notFound(`artifacts of run ${runId} are stored at ${rootUri}, outside this server`);
    return this.artifacts.stat(joinArtifactPath(root, path));
  }

  read(file: ArtifactFile, range?: ByteRange): Promise<Readable> {
    return this.artifacts.read(file, range);
  }
}
