import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

/** Column start offsets of a table's header line. */
function columnStarts(header: string): number[] {
  return [...header.matchAll(/(?:^|\s{2})(\S)/g)].map((m) => (m.index ?? 0) + m[0].length - 1);
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('cairn client commands', () => {
  let server: TestServer;
  let client: CairnClient;
  let scratch: string;
  let experimentId: string;
  const runIds: Record<string, string> = {};
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({ url: server.url });
    scratch = mkdtempSync(join(tmpdir(), 'cairn-cli-'));
    experimentId = (await client.experiments.create('cli-demo', { tags: { team: 'risk' } })).experimentId;
    for (const [name, auc] of [['alpha', 0.81], ['beta', 0.93], ['gamma', 0.88]] as const) {
      const run = await client.startRun({ experimentId, runName: name, captureCodeVersion: false });
      await run.logParams({ model: 'gbm' });
      run.logMetric('auc', auc);
      await run.end();
      runIds[name] = run.runId;
    }
    const file = join(scratch, 'report.txt');
    writeFileSync(file, 'auc report\n');
    await client.artifacts.upload(runIds.beta!, file, 'reports');
  });
  afterAll(async () => {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('lists experiments as an aligned table', async () => {
    const { code, stdout } = await cli('experiments', 'list');
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+STAGE\s+CREATED\s+TAGS$/);
    const row = rows.find((line) => line.includes('cli-demo'))!;
    expect(row.indexOf('cli-demo')).toBe(header!.indexOf('NAME'));
    expect(row).toContain('team=risk');
  });

  it('creates and deletes experiments, printing JSON with --json', async () => {
    const created = await cli('experiments', 'create', 'from-cli', '--tag', 'owner=ana', '--json');
    expect(created.code).toBe(0);
    const experiment = JSON.parse(created.stdout) as { experimentId: string; tags: unknown[] };
    expect(experiment.tags).toEqual([{ key: 'owner', value: 'ana' }]);

    const deleted = await cli('experiments', 'delete', 'from-cli');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(`Deleted experiment ${experiment.experimentId} (from-cli)\n`);
    const listed = JSON.parse((await cli('experiments', 'list', '--view', 'deleted', '--json')).stdout) as { experiments: { name: string }[] };
    expect(listed.experiments.map((e) => e.name)).toEqual(['from-cli']);
  });

  it('exits 1 with the server message when the server refuses', async () => {
    const { code, stdout, stderr } = await cli('experiments', 'create', 'cli-demo');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe("cairn: Experiment 'cli-demo' already exists (ALREADY_EXISTS)\n");
  });

  it('exits 2 on bad usage', async () => {
    const results = await Promise.all([cli('runs', 'lst'), cli('runs', 'list', '--max-results', 'many'), cli('runs', 'search')]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[1]!.stderr).toContain('expected a positive whole number');
    expect(results[2]!.stderr).toContain('--filter');
  });

  it('lists the runs of an experiment by name with extra value columns', async () => {
    const { code, stdout } = await cli('runs', 'list', '-e', 'cli-demo', '--column', 'metrics.auc', 'params.model');
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^RUN ID\s+NAME\s+STATUS\s+STARTED\s+DURATION\s+metrics\.auc\s+params\.model$/);
    expect(rows).toHaveLength(3);
    const starts = columnStarts(header!);
    for (const row of rows) expect(row.slice(starts[1]!, starts[2]).trim()).toMatch(/^(alpha|beta|gamma)$/);
    expect(rows.find((r) => r.includes('beta'))).toMatch(/0\.93\s+gbm$/);
  });

  it('searches runs with a filter and order, as a table and as JSON', async () => {
    const table = await cli('runs', 'search', '-e', experimentId, '--filter', 'metrics.auc > 0.85', '--order-by', 'metrics.auc DESC');
    expect(table.code).toBe(0);
    const names = table.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(/\s{2,}/)[1]);
    expect(names).toEqual(['beta', 'gamma']);

    const json = await cli('runs', 'search', '-e', experimentId, '--filter', "params.model = 'gbm'", '--max-results', '2', '--json');
    const page = JSON.parse(json.stdout) as { runs: unknown[]; nextPageToken?: string };
    expect(page.runs).toHaveLength(2);
    expect(page.nextPageToken).toBeTruthy();
  });

  it('reports a bad filter as a JSON error with --json', async () => {
    const { code, stdout, stderr } = await cli('runs', 'search', '-e', experimentId, '--filter', 'metrics.auc >', '--json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });

  it('shows a run and deletes it', async () => {
    const shown = await cli('runs', 'show', runIds.alpha!);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Run ID: +[0-9a-f]{32}$/m);
    expect(shown.stdout).toContain('\nParams\nKEY    VALUE\nmodel  gbm\n');
    expect(shown.stdout).toMatch(/Metrics \(latest\)\nKEY +VALUE +STEP +TIME\nauc +0\.81 +0 /);

    const deleted = await cli('runs', 'delete', runIds.alpha!, '--json');
    expect(JSON.parse(deleted.stdout)).toMatchObject({ info: { runId: runIds.alpha, lifecycleStage: 'deleted' } });
    expect((await cli('runs', 'show', 'ffffffffffffffffffffffffffffffff')).code).toBe(1);
  });

  it('lists and downloads artifacts', async () => {
    const listed = await cli('artifacts', 'list', runIds.beta!, '--recursive');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^PATH +SIZE\nreports\/report\.txt +11 B\n$/);

    const destination = join(scratch, 'downloaded');
    const downloaded = await cli('artifacts', 'download', runIds.beta!, 'reports', '--dest', destination, '--json');
    expect(downloaded.code).toBe(0);
    expect(JSON.parse(downloaded.stdout)).toEqual({ path: join(destination, 'reports') });
    expect(readFileSync(join(destination, 'reports', 'report.txt'), 'utf8')).toBe('auc report\n');
  });

  it('says which server it could not reach, honouring --url over CAIRN_URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stderr } = await cli('experiments', 'list', '--url', url);
    expect(code).toBe(1);
    expect(stderr).toBe(`cairn: Cannot reach Cairn at ${url}: ECONNREFUSED (UNAVAILABLE)\n`);
  });
});
