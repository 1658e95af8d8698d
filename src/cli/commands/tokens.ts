import type { Command } from 'commander';
import type { ApiTokenInfo } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

function state(token: ApiTokenInfo): string {
  if (token.revokedTime !== null) return 'revoked';
  if (token.deploymentDeleted) return 'deployment deleted';
  if (token.expiresTime !== null && token.expiresTime <= Date.now()) return 'expired';
  return 'active';
}

function tokenTable(tokens: readonly ApiTokenInfo[]): string {
  if (tokens.length === 0) return 'No tokens.\n';
  return formatTable(tokens, [
    { header: 'ID', cell: (t) => String(t.id), align: 'right' },
    { header: 'NAME', cell: (t) => t.name },
    { header: 'USER', cell: (t) => t.user },
    { header: 'PREFIX', cell: (t) => `${t.prefix}…` },
    { header: 'STATE', cell: state },
    { header: 'SCOPE', cell: (t) => (t.deployment === null ? 'user' : `deployment ${t.deployment}`) },
    { header: 'CREATED', cell: (t) => formatTime(t.createdTime) },
    { header: 'EXPIRES', cell: (t) => (t.expiresTime === null ? 'never' : formatTime(t.expiresTime)) },
    { header: 'LAST USED', cell: (t) => formatTime(t.lastUsedTime) },
  ]);
}

/** `cairn tokens list|create|revoke`: API tokens, whose secret is shown once. */
export function registerTokensCommand(program: Command): void {
  const tokens = nounCommand(program, 'tokens', 'manage API tokens');

  withRemoteOptions(tokens.command('list').description('list your API tokens'))
    .option('--user <name>', "admins: that user's tokens")
    .option('--all', "admins: every user's tokens")
    .action(
      remoteAction(async (client, output, flags: { user?: string; all?: boolean }) => {
        const list = await client.tokens.list({ ...(flags.user !== undefined ? { user: flags.user } : {}), ...(flags.all ? { all: true } : {}) });
        output.print({ tokens: list }, () => tokenTable(list));
      }),
    );

  withRemoteOptions(tokens.command('create').description('make an API token; its secret is printed this once only').argument('<name>', 'what the token is for'))
    .option('--expires-in-days <days>', 'expire after this many days (default: never)', positiveInteger)
    .option('--user <name>', 'admins: make the token for this user')
    .option('--deployment <name>', 'scope the token to this deployment: it may only call that deployment (needs deploy in its project)')
    .action(
      remoteAction(async (client, output, name: string, flags: { expiresInDays?: number; user?: string; deployment?: string }) => {
        const created = await client.tokens.create(name, {
          ...(flags.expiresInDays !== undefined ? { expiresInDays: flags.expiresInDays } : {}),
          ...(flags.user !== undefined ? { user: flags.user } : {}),
          ...(flags.deployment !== undefined ? { deployment: flags.deployment } : {}),
        });
        output.print(created, () => `${created.token}\n`);
        const scope = created.info.deployment === null ? '' : `, scoped to deployment ${created.info.deployment}`;
        output.note(`Token ${created.info.id} (${created.info.name}) for ${created.info.user}${scope}. Copy it now: Cairn keeps only its hash.`);
      }),
    );

  withRemoteOptions(tokens.command('revoke').description('revoke an API token; it stops working at once').argument('<id>', 'the token id (see `cairn tokens list`)', positiveInteger)).action(
    remoteAction(async (client, output, id: number) => {
      const info = await client.tokens.revoke(id);
      output.print({ info }, () => `Revoked token ${info.id} (${info.name}).\n`);
    }),
  );
}
