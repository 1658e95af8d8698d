import type { Command } from 'commander';
import { runServer, withServerOptions } from './run-server.js';

/** `cairn server`: API + UI (and inference) in one process. */
export function registerServerCommand(program: Command): void {
  withServerOptions(program.command('server').description('start the Cairn server (API and UI)'))
    .option('--no-monitors', 'do not run monitors on their schedules here; leave them to `cairn worker` (CAIRN_MONITORS=false)')
    .action((flags: Record<string, string | boolean>) => runServer(flags, 'server'));
}
