/**
 * What a loaded model is expected to hold in memory, for the serving memory budget. Measured on
 * onnxruntime-node 1.30 (RSS growth per session over many loads, after one run each):
 *
 * - every session: about 400 KiB (a 300-byte linear classifier takes 0.39 MiB);
 * - dense weights (MatMul, Gemm, ...): about 1.6 times the file (a 12 MiB MLP takes 19 MiB; the
 *   weights are copied and some are pre-packed for the matrix kernels);
 * - ONNX-ML tree ensembles: about 9 times the file (a 311 KiB ensemble of 100 trees of depth 6
 *   takes 2.9 MiB), since the runtime unpacks the trees' attribute lists into its own node structs.
 *
 * Tree ensembles are recognised by their operator name in the file's bytes (op types are stored as
 * plain strings); the chance of weight bytes spelling it by accident is negligible, and the result
 * is an estimate either way.
 */
export function estimateModelMemory(bytes: Uint8Array): number {
  const factor = containsAscii(bytes, 'TreeEnsemble') ? treeEnsembleFactor : denseFactor;
  return sessionOverheadBytes + Math.ceil(bytes.length * factor);
}

export const sessionOverheadBytes = 400 * 1024;
const denseFactor = 1.6;
const treeEnsembleFactor = 9;

function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(text, 0, 'latin1') >= 0;
}
