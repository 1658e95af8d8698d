import type { Command } from 'commander';
import type { User } from '../../client/index.js';
import { nounCommand, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';
import { readStdinSecret } from './read-secret.js';

const yes = (flag: boolean) => (flag ? 'yes' : '');

function userTable(users: readonly User[]): string {
  if (users.length === 0) return 'No users.\n';
  return formatTable(users, [
    { header: 'NAME', cell: (u) => u.name },
    { header: 'DISPLAY NAME', cell: (u) => u.displayName },
    { header: 'ADMIN', cell: (u) => yes(u.isAdmin) },
    { header: 'DISABLED', cell: (u) => yes(u.disabled) },
    { header: 'PASSWORD', cell: (u) => yes(u.hasPassword) },
    { header: 'CREATED', cell: (u) => formatTime(u.createdTime) },
  ]);
}

interface CreateFlags {
  displayName?: string;
  admin?: boolean;
  passwordStdin?: boolean;
}

interface UpdateFlags {
  displayName?: string;
  admin?: boolean;
  disable?: boolean;
  enable?: boolean;
  passwordStdin?: boolean;
}

/** `cairn users list|create|update`: managing users (installation admins; anyone may change their own password). */
export function registerUsersCommand(program: Command): void {
  const users = nounCommand(program, 'users', 'manage users (installation admins)');

  withRemoteOptions(users.command('list').description('list every user')).action(
    remoteAction(async (client, output) => {
      const list = await client.users.list();
      output.print({ users: list }, () => userTable(list));
    }),
  );

  withRemoteOptions(users.command('create').description('create a user').argument('<name>'))
    .option('--display-name <text>', 'the name people see (default: the user name)')
    .option('--admin', 'make an installation admin')
    .option('--password-stdin', 'read the password from stdin; without one the user signs in with API tokens only')
    .action(
      remoteAction(async (client, output, name: string, flags: CreateFlags) => {
        const password = flags.passwordStdin ? await readStdinSecret() : undefined;
        const user = await client.users.create(name, {
          ...(flags.displayName !== undefined ? { displayName: flags.displayName } : {}),
          ...(flags.admin ? { isAdmin: true } : {}),
          ...(password !== undefined ? { password } : {}),
        });
        output.print({ user }, () => `Created user ${user.name}${user.isAdmin ? ' (admin)' : ''}.\n`);
      }),
    );

  withRemoteOptions(users.command('update').description("change a user's display name, password, admin flag or disabled state").argument('<name>'))
    .option('--display-name <text>', 'new display name')
    .option('--password-stdin', 'read the new password from stdin (changing your own: CAIRN_PASSWORD holds the current one)')
    .option('--admin', 'make an installation admin')
    .option('--no-admin', 'take away installation admin')
    .option('--disable', 'stop the user signing in; their tokens stop working too')
    .option('--enable', 'let a disabled user sign in again')
    .action(
      remoteAction(async (client, output, name: string, flags: UpdateFlags) => {
        const password = flags.passwordStdin ? await readStdinSecret() : undefined;
        const current = process.env.CAIRN_PASSWORD;
        const user = await client.users.update(name, {
          ...(flags.displayName !== undefined ? { displayName: flags.displayName } : {}),
          ...(flags.admin !== undefined ? { isAdmin: flags.admin } : {}),
          ...(flags.disable ? { disabled: true } : flags.enable ? { disabled: false } : {}),
          ...(password !== undefined ? { password, ...(current !== undefined ? { currentPassword: current } : {}) } : {}),
        });
        output.print({ user }, () => `Updated user ${user.name}.\n`);
      }),
    );
}
