import { InvalidArgumentError, type Command } from 'commander';
import type { ProjectMember, ProjectRole } from '../../client/index.js';
import { nounCommand, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable } from '../table.js';

const roles: readonly ProjectRole[] = ['viewer', 'contributor', 'deployer', 'approver', 'admin'];

function parseRole(value: string): ProjectRole {
  if (!(roles as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${roles.join(', ')}`);
  return value as ProjectRole;
}

function memberTable(members: readonly ProjectMember[]): string {
  if (members.length === 0) return 'No members.\n';
  return formatTable(members, [
    { header: 'USER', cell: (m) => m.user },
    { header: 'DISPLAY NAME', cell: (m) => m.displayName },
    { header: 'ROLE', cell: (m) => m.role },
  ]);
}

/** `cairn members list|set|remove`: who holds which role in a project. */
export function registerMembersCommand(program: Command): void {
  const members = nounCommand(program, 'members', "manage a project's members and their roles");

  withRemoteOptions(members.command('list').description("list a project's members").argument('<project>')).action(
    remoteAction(async (client, output, project: string) => {
      const list = await client.members.list(project);
      output.print({ members: list }, () => memberTable(list));
    }),
  );

  withRemoteOptions(
    members.command('set').description("give a user a role in a project, or change it").argument('<project>').argument('<user>').argument('<role>', roles.join('|'), parseRole),
  ).action(
    remoteAction(async (client, output, project: string, user: string, role: ProjectRole) => {
      const member = await client.members.set(project, user, role);
      output.print({ member }, () => `${member.user} is ${member.role} in ${project}.\n`);
    }),
  );

  withRemoteOptions(members.command('remove').description('take a user out of a project').argument('<project>').argument('<user>')).action(
    remoteAction(async (client, output, project: string, user: string) => {
      await client.members.remove(project, user);
      output.print({}, () => `Removed ${user} from ${project}.\n`);
    }),
  );
}
