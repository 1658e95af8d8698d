/** One file of a model version, as the artifact index knows it: path relative to the version's root. */
export interface ModelFile {
  path: string;
  size: number;
  /** Lowercase hex sha256 of the file's bytes. */
  sha256: string;
}

/** What kind of model the files hold: an ONNX file, an MLflow model folder (MLmodel file), or neither. */
export const modelFormats = ['onnx', 'mlflow', 'unknown'] as const;
export type ModelFormat = (typeof modelFormats)[number];

/**
 * One input or output. `datatype` uses the Open Inference Protocol names (FP32, INT64, BYTES, BOOL...);
 * non-tensor values are spelled out, e.g. `sequence(map(INT64,FP32))`. `shape` uses -1 for a
 * dimension that is symbolic or unknown, and is null when not even the rank is known.
 */
export interface TensorSpec {
  name: string;
  datatype: string;
  shape: number[] | null;
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** What Cairn records about a version's files when it is created or finalized. */
export interface VersionContents {
  files: ModelFile[];
  format: ModelFormat;
  /** MLflow flavours in the order the MLmodel file lists them (`python_function`, `sklearn`, ...); empty otherwise. */
  flavors: string[];
  signature: ModelSignature | null;
}

export const emptyContents: VersionContents = { files: [], format: 'unknown', flavors: [], signature: null };

export const modelFileLimits = {
  /** A version may hold at most this many files; more is refused (LIMIT_EXCEEDED) rather than recorded in part. */
  maxFiles: 10_000,
  /** Larger MLmodel files are not read (their flavours and signature stay unknown). */
  maxMlmodelBytes: 1024 * 1024,
} as const;
