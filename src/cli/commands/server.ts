import type { Command } from 'commander';
import { runServer, withServerOptions } from './run-server.js';

/** `cairn server`: API + UI (and inference) in one process. */
export function registerServerCommand(program: Command): void {
  withServerOptions(program.command('server').description('start the Cairn server (API and UI)')).action((flags: Record<string, string | boolean>) => runServer(flags, 'server'));
}
