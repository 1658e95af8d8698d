import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Column, DataTable } from '../../../src/domain/monitoring/columns.js';
import { driftTables } from '../../../src/domain/monitoring/drift/drift-report.js';
import type { DriftOptions } from '../../../src/domain/monitoring/drift/drift-types.js';
import { driftTablesInParallel, driftTablesOnThreads } from '../../../src/runtime/drift/parallel-drift.js';

const rows = 100_000;

/** Numerical columns of several shapes (ties, negatives, -0, NaN, ±Infinity) and a categorical one; `shift` moves some. */
function table(seed: number, shift: number): DataTable {
  let state = seed;
  const random = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  const numerical = (name: string, value: (i: number) => number): Column => ({ name, type: 'numerical', values: Float64Array.from({ length: rows }, (_, i) => value(i)) });
  const specials = [Number.NaN, Infinity, -Infinity, -0];
  return {
    rows,
    columns: [
      numerical('uniform', () => random() * 1000 + shift),
      numerical('wide', (i) => (random() - 0.5) * 10 ** ((i % 30) - 15)),
      numerical('integer', (i) => (i % 501 === 0 ? (specials[i % 4] as number) : Math.round(18 + 60 * random() + shift))),
      numerical('signed', () => (random() - 0.5 + shift / 100) * 2),
      { name: 'category', type: 'categorical', codes: Int32Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? -1 : Math.floor(5 * random() ** (shift > 0 ? 2 : 1)))), categories: ['a', 'b', 'c', 'd', 'e'] },
    ],
  };
}

const reference = table(11, 0);
const current = table(12, 3);
// Threads and size thresholds forced, so the path under test is the threaded one whatever the machine.
const onThreads = { threads: 2, parallelFromCells: 0 };

describe('driftTablesInParallel', () => {
  it('gives the report driftTables gives, computed on worker threads', async () => {
    const expected = driftTables(reference, current);
    expect(expected.dataset.driftedColumns).toBeGreaterThan(0);
    const parallel = await driftTablesOnThreads(reference, current, {}, onThreads);
    expect(parallel.threads).toBe(2);
    expect(parallel.report).toEqual(expected);
  });

  it('passes the options to the threads, and works with more threads than a machine has cores', async () => {
    const options: DriftOptions = { numerical: { method: 'ks' }, columns: { signed: { method: 'psi', threshold: 0.2 } }, driftShare: 0.3 };
    const parallel = await driftTablesOnThreads(reference, current, options, { threads: 3, parallelFromCells: 0 });
    expect(parallel.threads).toBe(3);
    expect(parallel.report).toEqual(driftTables(reference, current, options));
  });

  it('leaves the tables as they were', async () => {
    const cells = (t: DataTable): string[] => t.columns.map((c) => {
      const a = c.type === 'numerical' ? c.values : c.codes;
      return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
    });
    const before = [cells(reference), cells(current)];
    await driftTablesOnThreads(reference, current, {}, onThreads);
    expect([cells(reference), cells(current)]).toEqual(before);
  });

  it('computes on this thread, with the same report, when the worker cannot start', async () => {
    const missing = new URL('./no-such-worker.js', import.meta.url);
    const fallback = await driftTablesOnThreads(reference, current, {}, { ...onThreads, workerEntry: missing });
    expect(fallback.threads).toBe(0);
    expect(fallback.report).toEqual(driftTables(reference, current));
  });

  it('matches columns as driftTables does: missing and current-only columns, subarray views', async () => {
    const view = new Float64Array(rows * 2).subarray(rows);
    view.set((current.columns[0] as { values: Float64Array }).values);
    const odd: DataTable = { rows, columns: [{ name: 'uniform', type: 'numerical', values: view }, ...current.columns.slice(2), { name: 'only-current', type: 'numerical', values: new Float64Array(rows) }] };
    const expected = driftTables(reference, odd);
    expect(expected.features.find((f) => f.name === 'wide')?.skipped).toBe('column not in the current data');
    expect(await driftTablesInParallel(reference, odd, {}, onThreads)).toEqual(expected);
  });

  it('computes small tables on this thread', async () => {
    const small = (t: DataTable): DataTable => ({ rows: 10, columns: t.columns.map((c) => (c.type === 'numerical' ? { ...c, values: c.values.slice(0, 10) } : { ...c, codes: c.codes.slice(0, 10) })) });
    const result = await driftTablesOnThreads(small(reference), small(current), {}, { threads: 2 });
    expect(result.threads).toBe(0);
    expect(result.report).toEqual(driftTables(small(reference), small(current)));
  });
});
