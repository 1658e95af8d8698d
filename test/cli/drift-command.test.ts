import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/domain/monitoring/drift/drift-types.js';
import { runCli } from './run-cli.js';

const vega = (name: string) => fileURLToPath(new URL(`../../node_modules/vega-datasets/data/${name}`, import.meta.url));

let dir: string;
let weather2012: string;
let weather2015: string;
let weatherShifted: string;

/** seattle-weather.csv split by year; a copy of 2012 with temp_max 8 degrees warmer and no rain. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-drift-'));
  const [header, ...lines] = (await readFile(vega('seattle-weather.csv'), 'utf8')).trim().split('\n');
  const year = (y: string) => [header, ...lines.filter((l) => l.startsWith(y))].join('\n') + '\n';
  weather2012 = join(dir, 'weather-2012.csv');
  weather2015 = join(dir, 'weather-2015.csv');
  weatherShifted = join(dir, 'weather-2012-shifted.csv');
  await writeFile(weather2012, year('2012'));
  await writeFile(weather2015, year('2015'));
  const shifted = lines
    .filter((l) => l.startsWith('2012'))
    .map((l) => {
      const [date, , tmax, tmin, wind, weather] = l.split(',');
      return [date, '0.0', (Number(tmax) + 8).toFixed(1), tmin, wind, weather === 'rain' ? 'sun' : weather].join(',');
    });
  await writeFile(weatherShifted, [header, ...shifted].join('\n') + '\n');
});

const json = (stdout: string) => JSON.parse(stdout) as DriftReport;

describe('cairn drift', () => {
  it('compares seattle weather 2012 with 2015: a summary table, the verdict and an HTML report', async () => {
    const html = join(dir, 'years.html');
    const result = await runCli(['drift', '--reference', weather2012, '--current', weather2015, '--html', html]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Reference: weather-2012\.csv \(366 rows\)\nCurrent: {3}weather-2015\.csv \(365 rows\)/);
    expect(result.stdout).toMatch(/COLUMN\s+TYPE\s+METHOD\s+SCORE\s+DRIFT WHEN\s+DRIFT/);
    // 366 reference rows are "small": KS for the numerical columns, chi-square for weather (5 values).
    expect(result.stdout).toMatch(/temp_max\s+numerical\s+ks\s/);
    expect(result.stdout).toMatch(/weather\s+categorical\s+chisquare\s/);
    expect(result.stdout).toMatch(/date: datetime column/);
    expect(result.stdout).toMatch(/(No dataset drift|Dataset drift): \d of 5 tested columns drifted/);
    expect(result.stderr).toContain(`HTML report written to ${html}`);
    const page = await readFile(html, 'utf8');
    expect(page.match(/<svg class="plot"/g)).toHaveLength(5);
    expect(page).not.toMatch(/<script|src=|https?:/);
  }, 60_000);

  it('prints the DriftReport with --json and finds the planted drift', async () => {
    const result = await runCli(['drift', '--reference', weather2012, '--current', weatherShifted, '--json', '--no-html']);
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    const byName = Object.fromEntries(report.features.map((f) => [f.name, f]));
    expect(Object.keys(byName)).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(byName.temp_max).toMatchObject({ method: 'ks', drift: true });
    expect(byName.precipitation!.drift).toBe(true);
    expect(byName.weather!.drift).toBe(true);
    expect(byName.temp_min).toMatchObject({ drift: false, statistic: 0 });
    expect(report.dataset).toMatchObject({ columns: 5, driftedColumns: 3, drift: true });
    expect(result.stderr).toMatch(/Not tested: date \(datetime column/);
  }, 60_000);

  it('exits 1 with --fail-on-drift when the dataset drifts, 0 when it does not', async () => {
    const drifted = await runCli(['drift', '--reference', weather2012, '--current', weatherShifted, '--fail-on-drift', '--no-html']);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/Dataset drift: 3 of 5 tested columns drifted \(60\.0 %; dataset drift at 50\.0 %\)/);
    const same = await runCli(['drift', '--reference', weather2012, '--current', weather2012, '--fail-on-drift', '--no-html']);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/No dataset drift: 0 of 5/);
  }, 60_000);

  it('takes methods, thresholds, drift share, column types and a column list from flags', async () => {
    const result = await runCli([
      'drift', '--reference', weather2012, '--current', weatherShifted, '--json', '--no-html',
      '--columns', 'temp_max,temp_min,weather,date',
      '--column-type', 'date=ignore',
      '--method', 'psi',
      '--method', 'temp_min=wasserstein',
      '--threshold', 'temp_min=0.5',
      '--drift-share', '0.9',
    ]);
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.features.map((f) => [f.name, f.method])).toEqual([['temp_max', 'psi'], ['temp_min', 'wasserstein'], ['weather', 'psi']]);
    expect(report.features[1]!.threshold).toBe(0.5);
    expect(report.dataset).toMatchObject({ columns: 3, driftedColumns: 2, driftShare: 0.9, drift: false });
  }, 60_000);

  it('gives a numerical-only method for all columns to the numerical ones', async () => {
    const result = await runCli(['drift', '--reference', weather2012, '--current', weather2015, '--json', '--no-html', '--method', 'wasserstein']);
    expect(result.code).toBe(0);
    expect(json(result.stdout).features.map((f) => f.method)).toEqual(['wasserstein', 'wasserstein', 'wasserstein', 'wasserstein', 'chisquare']);
  }, 60_000);

  it('reports a column missing from the current data as skipped', async () => {
    const current = join(dir, 'no-wind.csv');
    const text = await readFile(weather2015, 'utf8');
    await writeFile(current, text.split('\n').map((l) => l.split(',').filter((_, i) => i !== 4).join(',')).join('\n'));
    const result = await runCli(['drift', '--reference', weather2012, '--current', current, '--json', '--no-html']);
    expect(result.code).toBe(0);
    const wind = json(result.stdout).features.find((f) => f.name === 'wind')!;
    expect(wind.skipped).toEqual(expect.any(String));
    expect(wind.drift).toBe(false);
  }, 60_000);

  it('compares the 3-million-row flights parquet with a JSON-lines sample of flights', async () => {
    const lines = (JSON.parse(await readFile(vega('flights-10k.json'), 'utf8')) as object[]).map((row) => JSON.stringify(row)).join('\n');
    const current = join(dir, 'flights-10k.jsonl');
    await writeFile(current, lines);
    const html = join(dir, 'flights.html');
    const result = await runCli(['drift', '--reference', vega('flights-3m.parquet'), '--current', current, '--json', '--html', html]);
    expect(result.stderr).not.toMatch(/cairn:/);
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    // 3M reference rows are "large": Wasserstein for the numbers, Jensen-Shannon for the airports.
    expect(report.features.map((f) => [f.name, f.type, f.method])).toEqual([
      ['delay', 'numerical', 'wasserstein'],
      ['distance', 'numerical', 'wasserstein'],
      ['origin', 'categorical', 'jensenshannon'],
      ['destination', 'categorical', 'jensenshannon'],
    ]);
    expect(report.features[0]!.reference.count).toBe(3_000_000);
    expect(report.features[0]!.current.count).toBe(10_000);
    expect(existsSync(html)).toBe(true);
  }, 120_000);

  it('reports every column skipped, and no dataset drift, when the current file has no rows', async () => {
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, 'date,precipitation,temp_max,temp_min,wind,weather\n');
    const result = await runCli(['drift', '--reference', weather2012, '--current', empty, '--json', '--no-html']);
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.features.every((f) => f.skipped !== null && !f.drift)).toBe(true);
    expect(report.dataset).toMatchObject({ columns: 0, drift: false });
  }, 60_000);

  it('counts missing and infinite cells apart, tests a constant column and flags a category new in the current data', async () => {
    const reference = join(dir, 'edge-ref.csv');
    const current = join(dir, 'edge-cur.csv');
    const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n');
    await writeFile(reference, `x,k,colour\n${rows(40, (i) => `${i % 2 === 0 ? 'NA' : i === 1 ? 'inf' : i},7,${i % 2 ? 'red' : 'blue'}`)}\n`);
    await writeFile(current, `x,k,colour\n${rows(40, (i) => `${i},7,${i % 3 === 0 ? 'green' : i % 2 ? 'red' : 'blue'}`)}\n`);
    const result = await runCli(['drift', '--reference', reference, '--current', current, '--json', '--no-html']);
    expect(result.code).toBe(0);
    const [x, k, colour] = json(result.stdout).features;
    expect(x).toMatchObject({ name: 'x', type: 'numerical', skipped: null, reference: { count: 19, missing: 21 }, current: { count: 40, missing: 0 } });
    expect(k).toMatchObject({ name: 'k', type: 'categorical', skipped: null, drift: false });
    expect(colour).toMatchObject({ name: 'colour', method: 'chisquare', pValue: 0, drift: true });
  }, 60_000);

  it('fails with exit 2 and one clear line for unreadable input and bad flags', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'a,b\n1,2\n3\n');
    const cases: Array<[string[], RegExp]> = [
      [['--reference', join(dir, 'absent.csv'), '--current', weather2015], /no file .*absent\.csv \(INVALID_ARGUMENT\)/],
      [['--reference', weather2012, '--current', bad], /bad\.csv: CSV line 3: 1 fields, but the header has 2/],
      [['--reference', weather2012, '--current', weather2015, '--method', 'nope'], /method must be one of/],
      [['--reference', weather2012, '--current', weather2015, '--method', 'weather=ks'], /does not apply|numerical/],
      [['--reference', weather2012, '--current', weather2015, '--threshold', 'nothere=0.1'], /column nothere, which is not tested/],
      [['--reference', weather2012, '--current', weather2015, '--column-type', 'tmax=numerical'], /--column-type names tmax/],
      [['--reference', weather2012, '--current', weather2015, '--columns', 'wind,rain'], /--columns names rain/],
      [['--reference', weather2012, '--current', weather2015, '--column-type', 'weather=numerical'], /'drizzle' is not a number/],
      [['--reference', weather2012, '--current', weather2015, '--drift-share', '2'], /driftShare must be a number between 0 and 1/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['drift', ...args, '--no-html']);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout).toBe('');
    }
  }, 120_000);

  it('exits 2 for a missing required flag', async () => {
    const result = await runCli(['drift', '--reference', weather2012]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--current/);
  }, 60_000);
});
