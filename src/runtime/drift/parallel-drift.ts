import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Column, DataTable } from '../../domain/monitoring/columns.js';
import { driftColumns, pairColumns, reportOf, type ColumnPair } from '../../domain/monitoring/drift/drift-report.js';
import type { DriftOptions, DriftReport, FeatureDrift } from '../../domain/monitoring/drift/drift-types.js';
import type { ColumnDriftTask } from './column-drift-worker.js';

/**
 * Below this many cells in all, threads cost more to start (tens of milliseconds, more under tsx)
 * than the whole report does on this thread.
 */
const parallelFromCells = 500_000;

/** Pairs sent ahead to each thread, so it never waits for this thread to copy its next columns. */
const inFlightPerThread = 2;

export interface ParallelDriftOptions {
  /** Threads to start; default os.availableParallelism(), never more than there are columns. */
  threads?: number;
  /** Tables smaller than this (cells of both together) are compared on this thread. */
  parallelFromCells?: number;
  /** The worker's entry; tests point it at one that cannot start to exercise the fallback. */
  workerEntry?: URL;
}

// From source (tsx, vitest) this module is a .ts file and so is its worker's entry.
const fromSource = import.meta.url.endsWith('.ts');
const defaultEntry = new URL(fromSource ? './column-drift-worker.ts' : './column-drift-worker.js', import.meta.url);

/**
 * A worker running `entry`. On Node 20 a worker gets none of the ESM loader hooks of its parent
 * (tsx's `--import` included), so a .ts entry is required from an eval'd CommonJS stub that first
 * registers tsx's CommonJS hook, which compiles it and the domain code it imports.
 */
function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(fileURLToPath(entry))});\n`, { eval: true });
}

const cellsOf = (column: Column | undefined): number => (column === undefined ? 0 : column.type === 'numerical' ? column.values.length : column.codes.length);

/** Rough cost, to hand out the longest pairs first: a numerical cell is sorted, a categorical one only tallied. */
const costOf = (pair: ColumnPair): number => (cellsOf(pair.reference) + cellsOf(pair.current)) * (pair.reference.type === 'numerical' ? 10 : 1);

/** A copy of the column whose buffer holds only its cells, so it can be transferred (a view would clone its whole buffer). */
function detachedCopy(column: Column, transfer: ArrayBuffer[]): Column {
  if (column.type === 'numerical') {
    const values = column.values.slice();
    transfer.push(values.buffer);
    return { ...column, values };
  }
  const codes = column.codes.slice();
  transfer.push(codes.buffer);
  return { ...column, codes };
}

/**
 * Compares each pair on worker threads, costliest first, each thread handed the next pair as soon
 * as it answers. Resolves with the features in pair order, or with null when a thread fails to
 * start or dies (the caller then compares on this thread, with the same result).
 */
function driftOnThreads(pairs: ColumnPair[], options: DriftOptions, threads: number, entry: URL): Promise<FeatureDrift[] | null> {
  const order = pairs.map((_, i) => i).sort((a, b) => costOf(pairs[b] as ColumnPair) - costOf(pairs[a] as ColumnPair));
  const features: Array<FeatureDrift | undefined> = new Array(pairs.length);
  let next = 0;
  let done = 0;
  let settled = false;
  return new Promise((resolve) => {
    const workers: Worker[] = [];
    const finish = (result: FeatureDrift[] | null): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      resolve(result);
    };
    const send = (worker: Worker): void => {
      if (settled || next >= order.length) return;
      const id = order[next++] as number;
      const { reference, current } = pairs[id] as ColumnPair;
      const transfer: ArrayBuffer[] = [];
      const pair = { reference: detachedCopy(reference, transfer), current: current === undefined ? undefined : detachedCopy(current, transfer) };
      const task: ColumnDriftTask = { id, pair, options };
      worker.postMessage(task, transfer);
    };
    try {
      for (let t = 0; t < threads; t++) {
        const worker = startWorker(entry);
        workers.push(worker);
        worker.on('message', ({ id, feature }: { id: number; feature: FeatureDrift }) => {
          features[id] = feature;
          if (++done === pairs.length) finish(features as FeatureDrift[]);
          else send(worker);
        });
        worker.on('error', () => finish(null));
        worker.on('exit', () => finish(done === pairs.length ? (features as FeatureDrift[]) : null));
        for (let k = 0; k < inFlightPerThread; k++) send(worker);
      }
    } catch {
      finish(null);
    }
  });
}

export interface ParallelDrift {
  report: DriftReport;
  /** Worker threads that computed it; 0 when this thread did (small tables, or workers that failed). */
  threads: number;
}

/**
 * `driftTables` with its per-column work (sorting each column, then the method) spread over worker
 * threads when the tables are large: the same report. The columns are copied to the threads, so
 * the tables stay as they were.
 */
export async function driftTablesOnThreads(reference: DataTable, current: DataTable, options: DriftOptions = {}, parallel: ParallelDriftOptions = {}): Promise<ParallelDrift> {
  const pairs = pairColumns(reference, current);
  const threads = Math.min(parallel.threads ?? availableParallelism(), pairs.length);
  const cells = pairs.reduce((sum, p) => sum + cellsOf(p.reference) + cellsOf(p.current), 0);
  // One thread would only add copies: the work would still be done one column at a time.
  const onThreads = threads >= 2 && cells >= (parallel.parallelFromCells ?? parallelFromCells) ? await driftOnThreads(pairs, options, threads, parallel.workerEntry ?? defaultEntry) : null;
  const features = onThreads ?? pairs.map((pair) => driftColumns(pair, options));
  return { report: reportOf(features, options), threads: onThreads === null ? 0 : threads };
}

/** The report of `driftTablesOnThreads`, as `cairn drift` uses it. */
export async function driftTablesInParallel(reference: DataTable, current: DataTable, options: DriftOptions = {}, parallel: ParallelDriftOptions = {}): Promise<DriftReport> {
  return (await driftTablesOnThreads(reference, current, options, parallel)).report;
}
