import type { Command } from 'commander';
import { loadConfig } from '../../config.js';

/** Longest wait for runs in flight after SIGTERM/SIGINT. */
const shutdownGraceMs = 30_000;

/**
 * `cairn worker`: Cairn's background work without the API (docs/monitoring.md, "Scheduling and
 * workers"): monitor schedules, webhook deliveries, the prediction log's retention. Any number of
 * workers and servers may share one database; each scheduled run is claimed by exactly one.
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run background work (monitor schedules, webhook deliveries, retention) without the API')
    .option('--database-url <url>', 'postgres://... or a SQLite file (CAIRN_DATABASE_URL; default <data-dir>/cairn.db)')
    .option('--artifacts <location>', 's3://bucket/prefix or a folder (CAIRN_ARTIFACTS; default <data-dir>/artifacts)')
    .option('--data-dir <dir>', 'folder for the embedded defaults (CAIRN_DATA_DIR; default ./cairn-data)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (CAIRN_LOG_LEVEL; default info)')
    .option('--health-port <port>', 'serve GET /health and /metrics on this port (liveness probe, Prometheus); none by default')
    .option('--host <host>', 'address of the health port (CAIRN_HOST; default 127.0.0.1)')
    .action((flags: Record<string, string>) => runWorker(flags));
}

async function runWorker(flags: Record<string, string>): Promise<void> {
  const { healthPort, ...settings } = flags;
  // A worker runs the scheduler whatever CAIRN_MONITORS says for the servers it works beside.
  const config = { ...loadConfig(process.env, settings), monitors: true };
  const port = healthPort === undefined ? undefined : Number(healthPort);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new Error(`invalid --health-port '${healthPort}': expected 0..65535`);
  const { createApp } = await import('../../app.js');
  const app = await createApp(config, { role: 'worker' });
  const log = app.server.log;
  if (port !== undefined) {
    try {
      // Only /health, /version and /metrics answer on a worker, so no authentication is needed to expose them.
      const url = await app.server.listen({ host: config.host, port });
      log.info({ url }, `Cairn worker health on ${url}`);
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  log.info({ workerId: app.workerId }, 'Cairn worker started');

  const stop = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutting down: finishing runs in flight');
    setTimeout(() => {
      log.error('runs still in flight after 30 s; exiting anyway');
      process.exit(1);
    }, shutdownGraceMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Nothing else holds the event loop open without a listener: the scheduler's timer is unref'd.
  setInterval(() => undefined, 1 << 30);
}
