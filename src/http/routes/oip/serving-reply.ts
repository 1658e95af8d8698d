import type { FastifyReply } from 'fastify';
import { notFound } from '../../../domain/errors.js';
import type { ServingTarget } from '../../../domain/serving/traffic-router.js';

/** Inference bodies may be larger than the default 1 MiB: up to the codecs' element limit in JSON. */
export const inferenceBodyLimit = 32 * 1024 * 1024;

/**
 * The headers every inference answer carries whatever its body format, so a caller can trace any
 * prediction (x-prediction-id, the id it is logged under) to the model version that made it
 * (x-model-name, x-model-version).
 */
export function tagPrediction(reply: FastifyReply, predictionId: string, target: ServingTarget): void {
  void reply.header('x-prediction-id', predictionId).header('x-model-name', target.model).header('x-model-version', String(target.version));
}

/** A version in a URL: a positive integer, or a version the deployment does not serve (404, as OIP servers answer). */
export function versionOfPath(deployment: string, text: string): number {
  const version = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(version)) throw notFound(`Deployment '${deployment}' does not serve version '${text}'`);
  return version;
}
