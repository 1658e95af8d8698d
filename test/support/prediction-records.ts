import { randomUUID } from 'node:crypto';
import type { PredictionRecord } from '../../src/domain/predictions/prediction.js';
import type { CairnApp } from '../../src/app.js';
import type { DeploymentSpec } from '../../src/domain/deployments/deployment.js';

/**
 * A logged prediction of `deployment` (its stored ids) at `time`, with a small input and output in
 * the typed storage serving holds them in (an INT64 beyond 2^53 among them).
 */
export function predictionRecord(deployment: { id: number; projectId: number; name: string }, time: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    id: randomUUID(),
    time,
    deploymentId: deployment.id,
    deployment: deployment.name,
    projectId: deployment.projectId,
    revision: 1,
    model: 'scorer',
    version: 1,
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: Float32Array.of(0.5, -1) }],
    outputs: [{ name: 'label', datatype: 'INT64', shape: [1], data: BigInt64Array.of(9007199254740993n) }],
    latencyMs: 1.25,
    shadows: [],
    ...overrides,
  };
}

/** A deployment spec of one version, keeping predictions `retentionDays`. */
export function loggedSpec(retentionDays = 30): DeploymentSpec {
  return {
    versions: [{ model: 'scorer', version: 1, weight: 100 }],
    shadows: [],
    sticky: null,
    batching: { maxBatchSize: 1, maxWaitMs: 0 },
    logging: { sampleRate: 1, retentionDays },
  };
}

/**
 * Hands a prediction of `deployment` to the app's log writer, as the inference path would, and
 * writes it; for tests whose models have no ONNX file to serve. Answers the record.
 */
export async function logPrediction(app: CairnApp, deployment: string, overrides: Partial<PredictionRecord> = {}): Promise<PredictionRecord> {
  const row = await app.database.db.selectFrom('deployments').select(['id', 'project_id']).where('name', '=', deployment).executeTakeFirstOrThrow();
  const record = predictionRecord({ id: Number(row.id), projectId: Number(row.project_id), name: deployment }, Date.now(), overrides);
  app.predictionLog.record(record);
  await app.predictionLog.flush();
  return record;
}
