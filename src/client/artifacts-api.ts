import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CairnApiError, type Transport } from './transport.js';
import type { ArtifactListing, FileInfo } from './types.js';

const join2 = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a}/${b}`);
const contentPath = (runId: string): string => `/runs/${encodeURIComponent(runId)}/artifacts/content`;

/** Artifacts of runs: `client.artifacts`. Transfers are streamed; no file is held in memory whole. */
export class ArtifactsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * The children of one folder of a run's artifacts (`''`, the default, is the root).
   * @example
   * const { files } = await client.artifacts.list(runId, 'model');
   * for (const f of files) console.log(f.isDir ? `${f.path}/` : `${f.path} ${f.fileSize} B`);
   */
  list(runId: string, path = ''): Promise<ArtifactListing> {
    return this.transport.json('GET', `/runs/${encodeURIComponent(runId)}/artifacts`, { query: { path } });
  }

  /**
   * Every file below a folder, depth first, in path order.
   * @example
   * for await (const file of client.artifacts.walk(runId)) console.log(file.path, file.fileSize);
   */
  async *walk(runId: string, path = ''): AsyncGenerator<FileInfo> {
    const { files } = await this.list(runId, path);
    for (const file of files) {
      if (file.isDir) yield* this.walk(runId, file.path);
      else yield file;
    }
  }

  /**
   * Opens one artifact file for reading, as a web stream.
   * @example
   * const { stream } = await client.artifacts.open(runId, 'metrics.json');
   * const text = await new Response(stream).text();
   */
  async open(runId: string, path: string): Promise<{ stream: ReadableStream<Uint8Array>; size?: number; contentType: string }> {
    const response = await this.transport.send('GET', `/api/v1${contentPath(runId)}`, { query: { path } });
    if (!response.body) throw new CairnApiError('INTERNAL', `Empty answer for artifact ${path}`, response.status);
    const length = response.headers.get('content-length');
    return {
      stream: response.body,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      ...(length !== null ? { size: Number(length) } : {}),
    };
  }

  /**
   * Downloads a file or a whole folder of a run's artifacts (the root when `path` is `''`) into
   * `destination`, keeping the artifact path: `model/MLmodel` lands at `<destination>/model/MLmodel`.
   * Returns the local path of what was downloaded.
   * @example
   * const local = await client.artifacts.download(runId, 'model', './out'); // './out/model'
   */
  async download(runId: string, path: string, destination: string): Promise<string> {
    const root = resolve(destination);
    const target = this.localPath(root, path);
    const { files } = await this.list(runId, path);
    if (files.length === 0 && path !== '') {
      // Listing a file path answers nothing; fetch it as a file (NOT_FOUND if it is not one).
      await this.downloadFile(runId, path, target);
      return target;
    }
    await mkdir(target, { recursive: true });
    for await (const file of this.walk(runId, path)) await this.downloadFile(runId, file.path, this.localPath(root, file.path));
    return target;
  }

  /**
   * Uploads a local file or folder (recursively) to the run, under `artifactPath` (the root by default).
   * A file keeps its name: `upload(runId, 'plots/roc.png', 'figures')` stores `figures/roc.png`.
   * @example
   * await client.artifacts.upload(runId, './model', 'model');
   */
  async upload(runId: string, localPath: string, artifactPath = ''): Promise<FileInfo[]> {
    const info = await stat(localPath);
    if (!info.isDirectory()) return [await this.uploadFile(runId, localPath, join2(artifactPath, basename(localPath)))];
    const uploaded: FileInfo[] = [];
    for (const file of await listLocalFiles(localPath)) {
      const relativePath = relative(localPath, file).split(sep).join('/');
      uploaded.push(await this.uploadFile(runId, file, join2(artifactPath, relativePath)));
    }
    return uploaded;
  }

  private async uploadFile(runId: string, localFile: string, path: string): Promise<FileInfo> {
    const body = Readable.toWeb(createReadStream(localFile)) as unknown as ReadableStream<Uint8Array>;
    const response = await this.transport.send('PUT', `/api/v1${contentPath(runId)}`, {
      query: { path },
      raw: { body, contentType: 'application/octet-stream' },
    });
    return ((await response.json()) as { file: FileInfo }).file;
  }

  private async downloadFile(runId: string, path: string, target: string): Promise<void> {
    const { stream } = await this.open(runId, path);
    await mkdir(dirname(target), { recursive: true });
    // Write beside the target and rename, so an interrupted download never looks complete.
    const partial = `${target}.${randomBytes(4).toString('hex')}.part`;
    try {
      await pipeline(Readable.fromWeb(stream as unknown as WebReadableStream<Uint8Array>), createWriteStream(partial));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  /** Where an artifact path lands under `root`; refuses paths that would escape it. */
  private localPath(root: string, path: string): string {
    const target = resolve(root, ...path.split('/'));
    if (target !== root && !target.startsWith(root + sep)) throw new CairnApiError('INVALID_ARGUMENT', `Artifact path ${path} leaves the destination folder`, 0);
    return target;
  }
}

async function listLocalFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listLocalFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
