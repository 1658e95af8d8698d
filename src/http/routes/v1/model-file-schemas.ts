import { z } from 'zod';
import { modelFormats } from '../../../domain/registry/model-files.js';
import { requestComponents, responseComponents } from './schemas.js';

export const modelFileSchema = z
  .object({
    path: z.string().describe("Relative to the version's root"),
    size: z.number().int().min(0),
    sha256: z.string().describe('Lowercase hex digest of the bytes as uploaded'),
  })
  .register(responseComponents, { id: 'ModelFile' });

export const tensorSpecSchema = z
  .object({
    name: z.string(),
    datatype: z.string().describe('Open Inference Protocol name (FP32, INT64, BYTES, BOOL, ...); non-tensor values spelled out, e.g. `sequence(map(INT64,FP32))`'),
    shape: z.array(z.number().int()).nullable().describe('-1 for a symbolic or unknown dimension; null when the rank is unknown'),
  })
  .register(responseComponents, { id: 'TensorSpec' });

export const modelSignatureSchema = z
  .object({ inputs: z.array(tensorSpecSchema), outputs: z.array(tensorSpecSchema) })
  .register(responseComponents, { id: 'ModelSignature' });

/** The fields every native model version carries about its contents. */
export const versionContentFields = {
  format: z.enum(modelFormats).describe('`onnx` (an .onnx file), `mlflow` (an MLmodel file) or `unknown`'),
  flavors: z.array(z.string()).describe('MLflow flavours from the MLmodel file; empty otherwise'),
  signature: modelSignatureSchema.nullable().describe('From the ONNX graph or the MLmodel signature; null when unknown'),
};

export const uploadedModelFileSchema = z.object({ file: modelFileSchema }).register(responseComponents, { id: 'UploadedModelFile' });

export const modelFileQuerySchema = z.strictObject({
  path: z.string().min(1).describe("The file's path relative to the version, e.g. `model.onnx` or `data/weights.bin`"),
});

export const finalizeBodySchema = z.strictObject({}).register(requestComponents, { id: 'FinalizeModelVersionRequest' });
