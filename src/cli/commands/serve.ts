import type { Command } from 'commander';
import { runServer, withServerOptions } from './run-server.js';

/**
 * `cairn serve`: an inference-only replica (docs/serving.md, "Replicas"). It reads the same
 * settings as `cairn server` and shares its database and artifact store; start as many as the
 * traffic needs behind any load balancer.
 */
export function registerServeCommand(program: Command): void {
  withServerOptions(program.command('serve').description('start an inference-only replica: Open Inference Protocol, /invocations, predict, /metrics and health')).action(
    (flags: Record<string, string | boolean>) => runServer(flags, 'serve'),
  );
}
