import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CairnApiError, CairnClient } from '../client/index.js';

export const defaultServerUrl = 'http://127.0.0.1:5000';

export interface RemoteFlags {
  url: string;
  token?: string;
  username?: string;
  json?: boolean;
}

/** Exit codes of the client commands: 0 done, 1 the server refused or could not be reached, 2 bad usage. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * A noun command (`cairn runs ...`) whose verbs talk to a server. Usage errors exit with 2 so
 * scripts can tell them from failures the server reported.
 */
export function nounCommand(program: Command, name: string, description: string): Command {
  const noun = program.command(name).description(description);
  noun.exitOverride((error: CommanderError) => {
    // Help and version requests are "errors" to commander; they succeeded.
    process.exit(error.exitCode === 0 ? exitCodes.ok : exitCodes.usage);
  });
  return noun;
}

/** Adds the connection and output flags every client verb shares. */
export function withRemoteOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'Cairn server URL').env('CAIRN_URL').default(defaultServerUrl))
    .addOption(new Option('--token <token>', 'API token (sent as a Bearer token)').env('CAIRN_TOKEN'))
    .addOption(new Option('--username <name>', 'user name for Basic authentication; the password comes from CAIRN_PASSWORD').env('CAIRN_USERNAME'))
    .option('--json', 'print JSON for scripts instead of a table');
}

export interface Output {
  json: boolean;
  /** Prints `value` as JSON with --json, otherwise what `human` returns. */
  print(value: unknown, human: () => string): void;
  /** A side note for people (pagination hints); never mixed into --json output. */
  note(text: string): void;
}

/**
 * Wraps a verb's action: builds the client from the flags and turns failures into one clear line
 * on stderr (a JSON error object with --json) and exit code 1.
 */
export function remoteAction<A extends unknown[]>(run: (client: CairnClient, output: Output, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const flags = command.opts<RemoteFlags>();
    const json = flags.json === true;
    const output: Output = {
      json,
      print: (value, human) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : human()),
      note: (text) => {
        if (!json) process.stderr.write(`${text}\n`);
      },
    };
    const password = process.env.CAIRN_PASSWORD;
    const basic = !flags.token && flags.username && password !== undefined ? { username: flags.username, password } : {};
    const client = new CairnClient({ url: flags.url, ...(flags.token ? { token: flags.token } : {}), ...basic });
    try {
      await run(client, output, ...(args.slice(0, -1) as A));
    } catch (error) {
      reportFailure(error, json);
      process.exitCode = exitCodes.failed;
    }
  };
}

function reportFailure(error: unknown, json: boolean): void {
  const code = error instanceof CairnApiError ? error.code : 'CLIENT_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(json ? `${JSON.stringify({ error: { code, message } })}\n` : `cairn: ${message} (${code})\n`);
}

/** `--tag key=value` parsing for commander (repeatable). */
export function collectKeyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got '${value}'`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** Commander parser for counts such as `--max-results`. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got '${value}'`);
  return n;
}
