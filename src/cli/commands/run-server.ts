import type { Command } from 'commander';
import type { ServerRole } from '../../http/server.js';
import { loadConfig } from '../../config.js';
import { isLoopbackHost } from '../../http/loopback.js';

/** Longest wait for requests in flight after SIGTERM/SIGINT. */
const shutdownGraceMs = 30_000;

/** The settings `cairn server` and `cairn serve` share; each also reads its CAIRN_* variable. */
export function withServerOptions(command: Command): Command {
  return command
    .option('--host <host>', 'address to bind (CAIRN_HOST; default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (CAIRN_PORT; default 5000)')
    .option('--database-url <url>', 'postgres://... or a SQLite file (CAIRN_DATABASE_URL; default <data-dir>/cairn.db)')
    .option('--artifacts <location>', 's3://bucket/prefix or a folder (CAIRN_ARTIFACTS; default <data-dir>/artifacts)')
    .option('--data-dir <dir>', 'folder for the embedded defaults (CAIRN_DATA_DIR; default ./cairn-data)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (CAIRN_LOG_LEVEL; default info)')
    .option('--auth', 'require credentials on every request (CAIRN_AUTH=true); needed to bind to a non-loopback address')
    .option('--model-memory-mb <mib>', 'memory budget of the loaded models (CAIRN_MODEL_MEMORY_MB; default 2048)')
    .option('--prediction-log-queue <n>', 'predictions held in memory waiting to be logged; more are dropped and counted (CAIRN_PREDICTION_LOG_QUEUE; default 10000)');
}

/** Starts the app in `role`, logs where it listens, and stops cleanly on SIGTERM/SIGINT. */
export async function runServer(flags: Record<string, string | boolean>, role: ServerRole): Promise<void> {
  // Commander sets `monitors: true` unless --no-monitors is given; only the flag may override CAIRN_MONITORS.
  const { monitors, ...rest } = flags;
  const config = loadConfig(process.env, monitors === false ? { ...rest, monitors: false } : rest);
  // Checked again in listen(); failing here avoids opening (and migrating) the database first.
  if (!config.auth && !isLoopbackHost(config.host)) {
    throw new Error(`refusing to listen on ${config.host}: without authentication Cairn only binds to a loopback address (127.0.0.1, ::1, localhost); enable authentication with CAIRN_AUTH=true or --auth`);
  }
  // Loaded on use, so client commands (`cairn runs ...`) start without the whole server stack.
  const { createApp } = await import('../../app.js');
  const app = await createApp(config, { role });
  let url: string;
  try {
    url = await app.listen();
  } catch (error) {
    await app.close();
    throw error;
  }
  app.server.log.info({ url }, role === 'serve' ? `Cairn inference replica listening on ${url}` : `Cairn listening on ${url}`);

  const stop = (signal: NodeJS.Signals): void => {
    app.server.log.info({ signal }, 'shutting down: finishing requests in flight');
    // A stuck upload must not hold the process forever; orchestrators kill after ~30 s anyway.
    setTimeout(() => {
      app.server.log.error('requests still in flight after 30 s; exiting anyway');
      process.exit(1);
    }, shutdownGraceMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
