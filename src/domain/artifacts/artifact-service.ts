import type { Readable } from 'node:stream';
import type { ProjectAccess } from '../access/project-access.js';
import type { Clock } from '../clock.js';
import { invalidArgument, notFound } from '../errors.js';
import type { ArtifactFile, ArtifactIndexStore, ArtifactRange } from './artifact-index-store.js';
import { checkArtifactPath } from './artifact-path.js';

/** Inclusive byte offsets, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** What the artifact service needs of a blob store (storage/blob's BlobStore provides it). */
export interface ArtifactBlobs {
  put(content: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }>;
  open(sha256: string, range?: ByteRange): Promise<Readable>;
  delete(sha256: string): Promise<void>;
}

/** One child of a listed folder. `path` is the full artifact path; `fileSize` is set for files only. */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

export interface ArtifactServiceOptions {
  /** Told about a blob that could not be removed after its last reference went; it only wastes space. */
  onOrphanedBlob?: (sha256: string, error: unknown) => void;
  /** Rows read per index query while listing. */
  listPageSize?: number;
  /** Who may read or write a path (by the experiment owning it); everything is allowed when absent. */
  access?: Pick<ProjectAccess, 'requireArtifactPath'>;
}

/**
 * Artifact files: bytes in a content-addressed blob store, paths in an index. Identical content
 * under many paths is stored once; a blob is removed when its last path goes.
 *
 * Known limit: removal checks references and then deletes, so a concurrent upload of the very same
 * bytes to a new path in that instant can be left pointing at a removed blob. Uploading it again
 * repairs it.
 */
export class ArtifactService {
  private readonly onOrphanedBlob: (sha256: string, error: unknown) => void;
  private readonly listPageSize: number;
  private readonly access: Pick<ProjectAccess, 'requireArtifactPath'> | undefined;

  constructor(
    private readonly index: ArtifactIndexStore,
    private readonly blobs: ArtifactBlobs,
    private readonly clock: Clock,
    options: ArtifactServiceOptions = {},
  ) {
    this.onOrphanedBlob = options.onOrphanedBlob ?? (() => undefined);
    this.listPageSize = options.listPageSize ?? 1000;
    this.access = options.access;
  }

  /** Stores `content` at `path`, replacing a file already there. The path is checked before any byte is read. */
  async put(path: string, content: AsyncIterable<Uint8Array>): Promise<ArtifactFile> {
    checkArtifactPath(path);
    await this.access?.requireArtifactPath(path, 'write');
    await this.checkNoClash(path);
    const blob = await this.blobs.put(content);
    const file: ArtifactFile = { path, size: blob.size, sha256: blob.sha256, createdTime: this.clock.now() };
    const replaced = await this.index.upsert(file);
    if (replaced && replaced.sha256 !== file.sha256) await this.releaseBlobs([replaced.sha256]);
    return file;
  }

  /** The file at `path`; NOT_FOUND for a folder or a missing path. */
  async stat(path: string): Promise<ArtifactFile> {
    checkArtifactPath(path);
    await this.access?.requireArtifactPath(path, 'read');
    const [file] = await this.index.get([path]);
    if (!file) throw notFound(`artifact ${path} does not exist`);
    return file;
  }

  /** The bytes of a file from `stat`, all or one range (which the caller has checked against the size). */
  async read(file: ArtifactFile, range?: ByteRange): Promise<Readable> {
    if (range && (range.start < 0 || range.end < range.start || range.end >= file.size)) {
      throw invalidArgument(`byte range ${range.start}-${range.end} is outside ${file.path} (${file.size} bytes)`);
    }
    return this.blobs.open(file.sha256, range);
  }

  /**
   * The immediate children of folder `dir` (`''` is the root), files and folders, in byte order of
   * their paths. A file path or a missing folder has no children. One trailing `/` is tolerated.
   */
  async list(dir: string): Promise<ArtifactEntry[]> {
    const root = checkArtifactPath(dir.endsWith('/') ? dir.slice(0, -1) : dir, { allowRoot: true });
    await this.access?.requireArtifactPath(root, 'read');
    const prefix = root === '' ? '' : `${root}/`;
    const upper: Pick<ArtifactRange, 'before'> = root === '' ? {} : { before: `${root}0` };
    const entries: ArtifactEntry[] = [];
    let lower: Pick<ArtifactRange, 'from' | 'after'> = { from: prefix };
    for (;;) {
      const rows = await this.index.range({ ...lower, ...upper, limit: this.listPageSize });
      // A sub-folder may hold millions of files: after its first one, jump past all of them.
      let skipping: string | undefined;
      for (const row of rows) {
        if (skipping !== undefined && row.path.startsWith(skipping)) continue;
        const rest = row.path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash < 0) {
          entries.push({ path: row.path, isDir: false, fileSize: row.size });
        } else {
          const folder = prefix + rest.slice(0, slash);
          entries.push({ path: folder, isDir: true });
          skipping = `${folder}/`;
        }
      }
      const last = rows[rows.length - 1];
      if (rows.length < this.listPageSize || !last) return entries;
      lower = skipping !== undefined && last.path.startsWith(skipping) ? { from: `${skipping.slice(0, -1)}0` } : { after: last.path };
    }
  }

  /** Removes the file or the whole folder at `path`; removing nothing is not an error. Returns the number of files removed. */
  async delete(path: string): Promise<number> {
    checkArtifactPath(path);
    await this.access?.requireArtifactPath(path, 'write');
    const { count, sha256s } = await this.index.deleteTree(path);
    await this.releaseBlobs(sha256s);
    return count;
  }

  /** A file cannot sit where a folder is, nor below another file: listings would show one name twice. */
  private async checkNoClash(path: string): Promise<void> {
    const segments = path.split('/');
    const ancestors = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
    const [file] = ancestors.length > 0 ? await this.index.get(ancestors) : [];
    if (file) throw invalidArgument(`cannot store artifact ${path}: ${file.path} is a file, not a folder`);
    const below = await this.index.range({ from: `${path}/`, before: `${path}0`, limit: 1 });
    if (below.length > 0) throw invalidArgument(`cannot store artifact ${path}: it is a folder`);
  }

  private async releaseBlobs(sha256s: readonly string[]): Promise<void> {
    if (sha256s.length === 0) return;
    for (const sha256 of await this.index.unreferenced(sha256s)) {
      try {
        await this.blobs.delete(sha256);
      } catch (error) {
        this.onOrphanedBlob(sha256, error);
      }
    }
  }
}
