/** One stored artifact file: where it sits in the artifact tree, and which blob holds its bytes. */
export interface ArtifactFile {
  path: string;
  size: number;
  sha256: string;
  createdTime: number;
}

/**
 * A window of the index in byte order of the path (the order both databases use for the column).
 * Folders are implicit: `dir/` is every path in `['dir/', 'dir0')`, because `0` follows `/`.
 */
export interface ArtifactRange {
  /** Inclusive lower bound. */
  from?: string;
  /** Exclusive lower bound. */
  after?: string;
  /** Exclusive upper bound. */
  before?: string;
  limit: number;
}

/**
 * Maps artifact paths to blobs. Only files have rows; a folder exists while some file lies under it.
 */
export interface ArtifactIndexStore {
  /** The entries among `paths` that exist, in any order. */
  get(paths: readonly string[]): Promise<ArtifactFile[]>;
  range(range: ArtifactRange): Promise<ArtifactFile[]>;
  /** Inserts or replaces the entry for `file.path`; returns the entry it replaced. */
  upsert(file: ArtifactFile): Promise<ArtifactFile | undefined>;
  /** Removes the file at `path` and every file below `path/`; returns how many, and their distinct blobs. */
  deleteTree(path: string): Promise<{ count: number; sha256s: string[] }>;
  /** Those of `sha256s` that no entry refers to any more. */
  unreferenced(sha256s: readonly string[]): Promise<string[]>;
}
