import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Authorizer } from '../access/authorizer.js';
import { unrestrictedAccess } from '../access/unrestricted-access.js';
import type { ArtifactFile } from '../artifacts/artifact-index-store.js';
import { artifactRootOfUri, basenameOf, checkArtifactPath, joinArtifactPath } from '../artifacts/artifact-path.js';
import type { ArtifactService, ByteRange } from '../artifacts/artifact-service.js';
import type { Clock } from '../clock.js';
import { CairnError, invalidArgument, invalidState, notFound } from '../errors.js';
import type { KeyValue } from '../tracking/types.js';
import { emptyContents, type ModelFile } from './model-files.js';
import type { RegistryService } from './registry-service.js';
import type { ModelVersion } from './types.js';
import type { VersionFilesStore } from './version-files-store.js';
import { uploadRootPrefix } from './upload-folder.js';
import type { VersionInspector } from './version-inspector.js';

export interface ModelFilesServiceOptions {
  registry: RegistryService;
  store: VersionFilesStore;
  artifacts: ArtifactService;
  inspector: VersionInspector;
  clock: Clock;
  /** Who may do what (app.ts wires AccessControl); everything is allowed when absent. */
  access?: Authorizer;
  /** Names the artifact folder of an uploaded version; random by default. */
  newUploadId?: () => string;
}

export { uploadRootPrefix };

/**
 * The files of model versions, and versions made from files uploaded directly (no run): create the
 * version with `upload`, put its files, then finalize it, which records files, format and signature
 * and makes it READY. Reads go through RegistryService, so they are checked like every registry read.
 */
export class ModelFilesService {
  private readonly access: Authorizer;
  private readonly newUploadId: () => string;

  constructor(private readonly options: ModelFilesServiceOptions) {
    this.access = options.access ?? unrestrictedAccess;
    this.newUploadId = options.newUploadId ?? (() => randomUUID().replace(/-/g, ''));
  }

  /** The recorded files of a version, by path. */
  async files(name: string, version: string | number): Promise<ModelFile[]> {
    const found = await this.options.registry.getModelVersion(name, version);
    return this.options.store.files(found.name, found.version);
  }

  /** A new version in PENDING_REGISTRATION whose source is a fresh folder of the artifact store. */
  async createUploadVersion(name: string, options: { description?: string; tags?: KeyValue[] } = {}): Promise<ModelVersion> {
    return this.options.registry.createModelVersion({
      name,
      source: `mlflow-artifacts:/${uploadRootPrefix}/${this.newUploadId()}`,
      runId: '',
      runLink: '',
      description: options.description ?? '',
      userId: this.access.caller().name,
      tags: options.tags ?? [],
      status: 'PENDING_REGISTRATION',
      contents: emptyContents,
    });
  }

  /** Stores one file of a pending version at `path` (relative to the version), replacing one already there. */
  async putFile(name: string, version: string | number, path: string, content: AsyncIterable<Uint8Array>): Promise<ModelFile> {
    checkArtifactPath(path);
    const pending = await this.pendingVersion(name, version, 'upload files to');
    const file = await this.options.artifacts.put(joinArtifactPath(uploadRoot(pending), path), content);
    return { path, size: file.size, sha256: file.sha256 };
  }

  /**
   * Records the uploaded files with their digests, the format and the signature, and makes the
   * version READY. A model file that cannot be parsed is refused (INVALID_ARGUMENT) and the version
   * stays pending, so a corrected file can be uploaded.
   */
  async finalize(name: string, version: string | number): Promise<ModelVersion> {
    const pending = await this.pendingVersion(name, version, 'finalize');
    const contents = await this.options.inspector.inspect(uploadRoot(pending), { strict: true });
    if (contents.files.length === 0) throw invalidArgument(`version ${pending.version} of '${pending.name}' has no files: upload at least one before finalizing`);
    await this.options.store.finalize(pending.name, pending.version, contents, this.options.clock.now());
    return this.options.registry.getModelVersion(pending.name, pending.version);
  }

  /** One recorded file of a version, to stream (all of it or one range). */
  async openFile(name: string, version: string | number, path: string): Promise<{ file: ArtifactFile; read: (range?: ByteRange) => Promise<Readable> }> {
    checkArtifactPath(path);
    const found = await this.options.registry.getModelVersion(name, version);
    const root = await this.options.inspector.rootOfSource(found.source, found.runId);
    const recorded = (await this.options.store.files(found.name, found.version)).find((f) => f.path === path);
    if (root === undefined || !recorded) throw notFound(`version ${found.version} of '${found.name}' has no file '${path}'`);
    let file: ArtifactFile;
    try {
      file = await this.options.artifacts.stat(joinArtifactPath(root, path));
    } catch (error) {
      // A single-file source records the file under its own name, at the root itself.
      if (!(error instanceof CairnError && error.code === 'NOT_FOUND') || basenameOf(root) !== path) throw error;
      file = await this.options.artifacts.stat(root);
    }
    return { file, read: (range) => this.options.artifacts.read(file, range) };
  }

  private async pendingVersion(name: string, version: string | number, action: string): Promise<ModelVersion> {
    const found = await this.options.registry.getModelVersion(name, version);
    await this.access.requireModel(found.name, 'write', `to ${action} version ${found.version} of '${found.name}'`);
    if (found.status !== 'PENDING_REGISTRATION') {
      throw invalidState(`version ${found.version} of '${found.name}' is ${found.status}: only a version created with upload=true and not yet finalized takes files`);
    }
    return found;
  }
}

function uploadRoot(version: ModelVersion): string {
  const root = artifactRootOfUri(version.source);
  if (root === undefined || !root.startsWith(`${uploadRootPrefix}/`)) throw invalidState(`version ${version.version} of '${version.name}' was not created for upload`);
  return root;
}
