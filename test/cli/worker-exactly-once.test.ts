import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { validateMonitorSpec } from '../../src/domain/monitoring/monitor-validation.js';
import { openDatabase, type SqlDatabase } from '../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../src/storage/sql/deployment-sql-store.js';
import { MonitorSqlStore } from '../../src/storage/sql/monitor-sql-store.js';
import { PredictionSqlStore } from '../../src/storage/sql/prediction-sql-store.js';
import { backends, freshDatabaseUrl } from '../support/backends.js';
import { loggedSpec, predictionRecord } from '../support/prediction-records.js';
import { testAudit } from '../support/test-audit.js';
import { waitForLine } from '../support/child-lines.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const batches = 12;
const perWindow = 10;

/** Polls `check` until it answers true; fails after `limitMs` (a bound, not a timing assertion). */
async function until(check: () => Promise<boolean>, limitMs: number, what: string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(backends)('two cairn workers on one %s database', (backend) => {
  const children: ChildProcess[] = [];
  let dataDir: string | undefined;
  let database: SqlDatabase | undefined;
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    children.length = 0;
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('run every scheduled time of an every-second monitor exactly once, and count each prediction once', { timeout: 120_000 }, async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-workers-'));
    const url = await freshDatabaseUrl(backend);
    // Migrated here, once, before the workers open it.
    database = await openDatabase(url);
    const { audit } = testAudit(database);
    const deployments = new DeploymentSqlStore(database.db, audit);
    await deployments.create(await deployments.projectId('default'), 'scorer', { spec: loggedSpec(30), actor: 'ada', comment: '', time: 1 });
    const deployment = (await deployments.get('scorer'))!;
    const spec = validateMonitorSpec({ name: 'every-second', schedule: '* * * * * *', window: { kind: 'count', predictions: perWindow }, checks: [{ kind: 'dataset_drift', severity: 'warning' }], actions: [], enabled: true });
    const monitor = await new MonitorSqlStore(database.db, audit).create(deployment, spec, 'ada', Date.now(), Date.now());
    const predictions = new PredictionSqlStore(database.db, database.dialect);

    const workers = ['a', 'b'].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'worker', '--database-url', url, '--data-dir', dataDir!, '--log-level', 'info'], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      return child;
    });
    const started = await Promise.all(workers.map((w) => waitForLine(w, /Cairn worker started/)));
    const workerIds = started.map((line) => (JSON.parse(line) as { workerId: string }).workerId);
    expect(new Set(workerIds).size).toBe(2);

    // The log grows while the workers run: one window's worth of predictions at a time, in time
    // order, old enough that the runs' settle delay does not hold them back.
    const base = Date.now() - 600_000;
    for (let b = 0; b < batches; b += 1) {
      await predictions.insert(Array.from({ length: perWindow }, (_, i) => predictionRecord(deployment, base + b * 1_000 + i)));
      await new Promise((r) => setTimeout(r, 400));
    }
    const runs = () => database!.db.selectFrom('monitor_runs').selectAll().where('monitor_id', '=', monitor.id).execute();
    const closed = async () => (await database!.db.selectFrom('monitor_windows').select('seq').where('monitor_id', '=', monitor.id).where('closed', '=', 1).execute()).length;
    await until(async () => (await closed()) === batches, 60_000, 'every window to close');
    // Both processes must have taken part (their ticks are jittered, so each wins some claims).
    await until(async () => new Set((await runs()).filter((r) => r.status !== 'running').map((r) => r.claimed_by)).size === 2, 60_000, 'both workers to claim runs');

    await Promise.all(
      workers.map(async (w) => {
        const exited = new Promise<number | null>((resolve) => w.once('exit', (code) => resolve(code)));
        w.kill('SIGTERM');
        expect(await exited).toBe(0);
      }),
    );

    const all = (await runs()).map((r) => ({ ...r, scheduled_for: Number(r.scheduled_for) })).sort((x, y) => x.scheduled_for - y.scheduled_for);
    // Every second from the first claimed time to the last was claimed, each by one worker only.
    const times = all.map((r) => r.scheduled_for);
    expect(new Set(times).size).toBe(times.length);
    expect(times).toEqual(Array.from({ length: times.length }, (_, i) => times[0]! + i * 1_000));
    expect(new Set(all.map((r) => r.claimed_by))).toEqual(new Set(workerIds));
    expect(all.map((r) => [r.status, r.error])).toEqual(all.map(() => ['succeeded', null]));
    // Not doubled: the runs together read each prediction once and closed each window once.
    const summaries = all.map((r) => JSON.parse(r.summary!) as { predictionsRead: number; windowsClosed: number; results: number });
    expect(summaries.reduce((n, s) => n + s.predictionsRead, 0)).toBe(batches * perWindow);
    expect(summaries.reduce((n, s) => n + s.windowsClosed, 0)).toBe(batches);
    const results = await database.db.selectFrom('monitor_results').select(['window_seq', 'check_key']).where('monitor_id', '=', monitor.id).orderBy('window_seq').execute();
    expect(results.map((r) => [Number(r.window_seq), r.check_key])).toEqual(Array.from({ length: batches }, (_, i) => [i + 1, 'dataset_drift']));
  });
});
