/**
 * `npm run bench [-- name...]`: runs the benchmarks against a real `cairn server` child process on a
 * fresh SQLite data folder each, then prints one table. `--strict` exits 1 when a target is missed;
 * `--json <file>` also writes the rows.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchArtifactUpload } from './artifact-upload.bench.js';
import { benchAuditVerify } from './audit-verify.bench.js';
import { benchAuthOverhead } from './auth-overhead.bench.js';
import { benchDriftReport } from './drift-report.bench.js';
import { benchIngestion } from './ingestion.bench.js';
import { benchLogMetric } from './log-metric.bench.js';
import { benchMetricHistory } from './metric-history.bench.js';
import { benchRegistrySearch } from './registry-search.bench.js';
import { benchSearchRuns } from './search-runs.bench.js';
import { benchServing } from './serving.bench.js';
import { benchServingBatching } from './serving-batching.bench.js';
import { benchServingModels } from './serving-models.bench.js';
import { benchWindowUpdate } from './window-update.bench.js';
import { buildServerForBench } from './support/server-build.js';
import { reenterOwnSession } from './support/own-session.js';
import { formatTable, printRow, ratioOf, type BenchRow } from './support/report.js';

const benches: Record<string, () => Promise<BenchRow[]>> = {
  ingestion: () => benchIngestion(),
  'log-metric': () => benchLogMetric(),
  search: () => benchSearchRuns(),
  history: () => benchMetricHistory(),
  artifacts: () => benchArtifactUpload(),
  registry: () => benchRegistrySearch(),
  'auth-overhead': () => benchAuthOverhead(),
  'audit-verify': () => benchAuditVerify(),
  serving: () => benchServing(),
  'serving-batching': () => benchServingBatching(),
  'serving-models': () => benchServingModels(),
  drift: () => benchDriftReport(),
  'window-update': () => benchWindowUpdate(),
};

await reenterOwnSession();

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const jsonIndex = args.indexOf('--json');
const jsonPath = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const chosen = args.filter((a, i) => !a.startsWith('--') && (jsonIndex < 0 || i !== jsonIndex + 1));
const names = chosen.length > 0 ? chosen : Object.keys(benches);

const unknown = names.filter((n) => !(n in benches));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, node ${process.version}`;
console.log(`Cairn benchmarks on ${machine}, ${new Date().toISOString()}`);
// Other work on the machine skews every figure; the ratios to same-run baselines soften that, not remove it.
const busy = loadavg()[0] ?? 0;
console.log(`load average at start: ${busy.toFixed(2)}${busy > 0.5 ? ' (the machine is busy: expect noisy figures)' : ''}`);
if (process.env['CAIRN_BENCH_SERVER'] === undefined) process.env['CAIRN_BENCH_SERVER'] = await buildServerForBench();
console.log(`server: node ${process.env['CAIRN_BENCH_SERVER']} (set CAIRN_BENCH_SERVER=source|dist|<main.js> to change)`);
const rows: BenchRow[] = [];
const failures: string[] = [];
const started = performance.now();
for (const name of names) {
  const run = benches[name];
  if (run === undefined) continue;
  console.log(`\n[${name}]`);
  const benchStart = performance.now();
  try {
    const result = await run();
    for (const row of result) printRow(row);
    rows.push(...result);
  } catch (error) {
    failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`  ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  console.log(`  (${((performance.now() - benchStart) / 1000).toFixed(1)} s)`);
}

console.log(`\n${formatTable(rows)}`);
if (failures.length > 0) console.log(`\nbenchmarks that could not run:\n${failures.map((f) => `- ${f}`).join('\n')}`);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (jsonPath !== undefined) {
  writeFileSync(jsonPath, JSON.stringify({ machine, date: new Date().toISOString(), rows: rows.map((r) => ({ ...r, ratio: ratioOf(r) })), failures }, null, 2));
}
process.exit(failures.length > 0 || (strict && rows.some((r) => !r.pass)) ? 1 : 0);
