import { parentPort } from 'node:worker_threads';
import { driftColumns, type ColumnPair } from '../../domain/monitoring/drift/drift-report.js';
import type { DriftOptions } from '../../domain/monitoring/drift/drift-types.js';

/** One pair of columns to compare, numbered so answers can arrive in any order. */
export interface ColumnDriftTask {
  id: number;
  pair: ColumnPair;
  options: DriftOptions;
}

// Entry of the threads parallel-drift.ts starts: samples and compares each pair of columns it is
// sent (sorting and the methods both), and sends back the column's small FeatureDrift.
parentPort?.on('message', (task: ColumnDriftTask) => {
  parentPort?.postMessage({ id: task.id, feature: driftColumns(task.pair, task.options) });
});
