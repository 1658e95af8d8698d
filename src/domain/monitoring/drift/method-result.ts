import type { Aligned } from './aligned.js';

/** What one method finds for one column: the score compared with the threshold, or why it could not run. */
export type MethodResult = { statistic: number | null; pValue: number | null; score: number } | { skipped: string };

export type DriftMethod = (a: Aligned) => MethodResult;

export const pValueResult = (statistic: number | null, pValue: number): MethodResult => ({ statistic, pValue, score: pValue });
export const distanceResult = (distance: number, statistic: number | null = null): MethodResult => ({ statistic, pValue: null, score: distance });
