import type { Readable } from 'node:stream';
import type { ArtifactFile, ArtifactIndexStore } from '../artifacts/artifact-index-store.js';
import { artifactRootOfUri, joinArtifactPath } from '../artifacts/artifact-path.js';
import type { ArtifactService } from '../artifacts/artifact-service.js';
import { CairnError, invalidArgument, limitExceeded } from '../errors.js';
import { parseMlmodel } from './mlmodel/mlmodel.js';
import { emptyContents, modelFileLimits, type ModelFile, type ModelSignature, type VersionContents } from './model-files.js';
import { readOnnxSignature } from './onnx/onnx-signature.js';
import { ProtoStreamReader } from './onnx/proto-stream-reader.js';

export interface VersionInspectorOptions {
  artifacts: ArtifactService;
  index: ArtifactIndexStore;
  /** The artifact URI of a run; NOT_FOUND for an unknown run. */
  runArtifactUri: (runId: string) => Promise<string>;
  /** Rows read per index query. */
  pageSize?: number;
  /**
   * Checks that the caller may read an artifact path (AccessControl). Registering a version from a
   * `mlflow-artifacts:/` source needs read access to the files it points at, as a `runs:/` source
   * needs read access to the run: otherwise anyone could copy files they cannot read into a model of
   * their own, and download them from there. Everything is allowed when absent.
   */
  requireReadable?: (path: string) => Promise<void>;
}

const runsSource = /^runs:\/([^/]+)(?:\/(.*))?$/;

/**
 * Works out what a version holds from the artifact index: its files (with the sizes and digests
 * taken when they were uploaded), its format and its signature. Only the small MLmodel file is read
 * whole; an ONNX model is streamed, its weights skipped.
 */
export class VersionInspector {
  private readonly pageSize: number;

  constructor(private readonly options: VersionInspectorOptions) {
    this.pageSize = options.pageSize ?? 1000;
  }

  /**
   * The contents behind a version source (`runs:/<run>/<path>` or `mlflow-artifacts:/...`). Sources
   * outside this server's artifact store have no files here: they read as unknown. A model file that
   * cannot be parsed leaves the signature unknown rather than refusing the registration.
   */
  async inspectSource(source: string, runId: string): Promise<VersionContents> {
    const root = await this.rootOfSource(source, runId);
    if (root === undefined) return emptyContents;
    // A runs:/ source was checked through the run (runArtifactUri reads it as the caller).
    if (!runsSource.test(source)) await this.requireReadable(root);
    return this.inspect(root, { strict: false });
  }

  /** Read access to the files at `root`; a path that holds no file has nothing to protect. */
  private async requireReadable(root: string): Promise<void> {
    try {
      await this.options.requireReadable?.(root);
    } catch (error) {
      if (!(error instanceof CairnError) || error.code !== 'PERMISSION_DENIED') throw error;
      const [single] = await this.options.index.get([root]);
      const below = await this.options.index.range({ from: `${root}/`, before: `${root}0`, limit: 1 });
      if (single || below.length > 0) throw error;
    }
  }

  /** The index path a source points at, or undefined when its files are not in this server's store. */
  async rootOfSource(source: string, runId: string): Promise<string | undefined> {
    let root: string | undefined;
    try {
      const match = runsSource.exec(source);
      if (match) {
        const runRoot = artifactRootOfUri(await this.options.runArtifactUri(match[1] ?? runId));
        const relative = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
        root = runRoot === undefined ? undefined : joinArtifactPath(runRoot, relative);
      } else {
        root = artifactRootOfUri(source);
      }
    } catch (error) {
      // A source the registry accepted but whose path the artifact store would refuse holds nothing here.
      if (error instanceof CairnError && error.code === 'INVALID_ARGUMENT') return undefined;
      throw error;
    }
    // The whole store is no model.
    return root === '' ? undefined : root;
  }

  /** The contents of the file or folder at index path `root`; `strict` turns unreadable model files into INVALID_ARGUMENT. */
  async inspect(root: string, options: { strict: boolean }): Promise<VersionContents> {
    const stored = await this.listTree(root);
    const files = stored.map((f): ModelFile => ({ path: f.relative, size: f.file.size, sha256: f.file.sha256 }));
    const byPath = new Map(stored.map((f) => [f.relative, f.file]));
    const mlmodel = byPath.get('MLmodel');
    if (mlmodel) {
      const info = await this.guard(options.strict, 'MLmodel', () => this.readMlmodel(mlmodel));
      let signature = info?.signature ?? null;
      const onnxFile = info?.flavorFiles['onnx'];
      const onnx = onnxFile === undefined ? undefined : byPath.get(onnxFile);
      if (signature === null && onnx && onnxFile !== undefined) signature = await this.guard(options.strict, onnxFile, () => this.readOnnx(onnx));
      return { files, format: 'mlflow', flavors: info?.flavors ?? [], signature };
    }
    const onnxPath = pickOnnx(files.map((f) => f.path));
    if (onnxPath === undefined) return { files, format: 'unknown', flavors: [], signature: null };
    const signature = await this.guard(options.strict, onnxPath, () => this.readOnnx(byPath.get(onnxPath) as ArtifactFile));
    return { files, format: 'onnx', flavors: [], signature };
  }

  /** The file at `root`, or every file below it (paths relative to it), at most `maxFiles`. */
  private async listTree(root: string): Promise<{ relative: string; file: ArtifactFile }[]> {
    const [single] = await this.options.index.get([root]);
    if (single) return [{ relative: root.slice(root.lastIndexOf('/') + 1), file: single }];
    const prefix = `${root}/`;
    const found: { relative: string; file: ArtifactFile }[] = [];
    let after: string | undefined;
    for (;;) {
      const rows = await this.options.index.range({ ...(after === undefined ? { from: prefix } : { after }), before: `${root}0`, limit: this.pageSize });
      for (const row of rows) found.push({ relative: row.path.slice(prefix.length), file: row });
      if (found.length > modelFileLimits.maxFiles) {
        throw limitExceeded(`a model version may hold at most ${modelFileLimits.maxFiles} files; ${root} holds more`);
      }
      const last = rows[rows.length - 1];
      if (rows.length < this.pageSize || !last) return found;
      after = last.path;
    }
  }

  private async guard<T>(strict: boolean, path: string, read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof CairnError) || error.code !== 'INVALID_ARGUMENT') throw error;
      if (strict) throw invalidArgument(`${path}: ${error.message}`);
      return null;
    }
  }

  private async readMlmodel(file: ArtifactFile) {
    if (file.size > modelFileLimits.maxMlmodelBytes) throw invalidArgument(`larger than ${modelFileLimits.maxMlmodelBytes} bytes, not read`);
    const stream = file.size === 0 ? undefined : await this.options.artifacts.read(file);
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of stream ?? []) text += decoder.decode(chunk as Uint8Array, { stream: true });
    return parseMlmodel(text + decoder.decode());
  }

  private readOnnx(file: ArtifactFile): Promise<ModelSignature> {
    const open = async (offset: number): Promise<AsyncIterable<Uint8Array>> =>
      offset >= file.size ? noBytes() : ((await this.options.artifacts.read(file, { start: offset, end: file.size - 1 })) as Readable);
    return readOnnxSignature(new ProtoStreamReader(open, { size: file.size }));
  }
}

async function* noBytes(): AsyncGenerator<Uint8Array> {}

/** The model file among several `.onnx` files: the only one, else `model.onnx`, else the shallowest, first by name. */
function pickOnnx(paths: readonly string[]): string | undefined {
  const candidates = paths.filter((p) => p.toLowerCase().endsWith('.onnx'));
  if (candidates.length <= 1) return candidates[0];
  if (candidates.includes('model.onnx')) return 'model.onnx';
  const depth = (p: string) => p.split('/').length;
  return [...candidates].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
}
