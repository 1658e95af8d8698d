import type { Column, DataTable } from '../src/domain/monitoring/columns.js';
import { predictionTable, type LoggedRecord } from '../src/domain/monitoring/profile/prediction-table.js';
import { sketchLayout, WindowSketch } from '../src/domain/monitoring/profile/window-sketch.js';
import { seededRandom } from './support/random.js';
import type { BenchRow } from './support/report.js';
import { median, timeRepeated } from './support/stats.js';

const features = 20;
const windowRows = 1_000_000;
const batch = 10_000;
const classes = ['setosa', 'versicolor', 'virginica'];
const featureNames = Array.from({ length: features }, (_, i) => `f${i}`);

function normalFrom(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-300))) * Math.cos(2 * Math.PI * random());
}

/** The reference (and the rows already in the window): 20 numerical features, a class label and its probability. */
function referenceTable(rows: number, seed: number): DataTable {
  const normal = normalFrom(seededRandom(seed));
  const columns: Column[] = featureNames.map((name, c) => {
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) values[i] = c % 2 === 0 ? 10 * normal() + c : Math.exp(normal());
    return { name, type: 'numerical', values };
  });
  const codes = new Int32Array(rows);
  const probability = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    codes[i] = i % 3;
    probability[i] = 0.4 + 0.6 * Math.abs(Math.tanh(normal()));
  }
  columns.push({ name: 'label', type: 'categorical', codes, categories: classes });
  columns.push({ name: 'probability', type: 'numerical', values: probability });
  return { rows, columns };
}

/** Logged predictions as the log stores them (JSON text), one row each, as a runner reads them. */
function loggedJson(seed: number): string[] {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  return Array.from({ length: batch }, () =>
    JSON.stringify({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [1, features], data: featureNames.map((_, c) => Math.fround(c % 2 === 0 ? 10 * normal() + c : Math.exp(normal()))) }],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [1], data: [classes[Math.floor(random() * 3)]!] },
        { name: 'probability', datatype: 'FP32', shape: [1], data: [Math.fround(0.4 + 0.6 * random())] },
      ],
    }),
  );
}

/**
 * One monitor run's window update: 10,000 logged predictions turned into a table and added to the
 * open window's sketch, which already holds 1,000,000 rows (revived from its stored JSON, written
 * back after). Baseline: JSON.parse of the same records, the least any run reading them pays.
 */
export async function benchWindowUpdate(): Promise<BenchRow[]> {
  const reference = referenceTable(200_000, 1);
  const layout = sketchLayout(reference);
  const stored = JSON.stringify(WindowSketch.empty(layout).add(referenceTable(windowRows, 2)).toJSON());
  const texts = loggedJson(3);
  const records: LoggedRecord[] = texts.map((t) => JSON.parse(t) as LoggedRecord);

  let rows = 0;
  const update = () => {
    const window = WindowSketch.fromJSON(layout, JSON.parse(stored));
    window.add(predictionTable(records, layout, featureNames));
    rows = window.rows;
    return JSON.stringify(window.toJSON()).length;
  };
  await timeRepeated(3, update);
  const times = await timeRepeated(20, update);
  const baselineTimes = await timeRepeated(20, () => texts.map((t) => JSON.parse(t) as unknown).length);
  if (rows !== windowRows + batch) throw new Error(`window holds ${rows} rows, expected ${windowRows + batch}`);
  const figure = median(times);
  return [
    {
      name: 'window update, 10k predictions into a 1M-row window',
      figure,
      unit: 'ms p50',
      baselineName: 'JSON.parse of the same records',
      baseline: median(baselineTimes),
      target: '< 50 ms',
      pass: figure < 50,
      note: `20 numerical features + label + probability; sketch revived from JSON, records tabled and added, written back (${stored.length} bytes of sketch JSON)`,
    },
  ];
}
