import type { Command } from 'commander';
import type { Project } from '../../client/index.js';
import { nounCommand, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

function projectTable(projects: readonly Project[]): string {
  if (projects.length === 0) return 'No projects.\n';
  return formatTable(projects, [
    { header: 'NAME', cell: (p) => p.name },
    { header: 'PROTECTED ALIASES', cell: (p) => p.protectedAliases.join(' ') },
    { header: 'CREATED', cell: (p) => formatTime(p.createdTime) },
    { header: 'DESCRIPTION', cell: (p) => p.description },
  ]);
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface ProjectFlags {
  description?: string;
  protectedAlias?: string[];
  /** `--no-protected-aliases` sets this to false. */
  protectedAliases?: boolean;
}

function aliasesFrom(flags: ProjectFlags): { protectedAliases?: string[] } {
  if (flags.protectedAliases === false) return { protectedAliases: [] };
  return flags.protectedAlias !== undefined ? { protectedAliases: flags.protectedAlias } : {};
}

/** `cairn projects list|create|update`: the namespaces experiments and models live in. */
export function registerProjectsCommand(program: Command): void {
  const projects = nounCommand(program, 'projects', 'manage projects');

  withRemoteOptions(projects.command('list').description('list the projects you may read')).action(
    remoteAction(async (client, output) => {
      const list = await client.projects.list();
      output.print({ projects: list }, () => projectTable(list));
    }),
  );

  withRemoteOptions(projects.command('create').description('create a project (installation admins)').argument('<name>'))
    .option('--description <text>', 'what the project is for')
    .option('--protected-alias <alias>', 'an alias only a promotion request may move (repeatable; default: production)', collect)
    .option('--no-protected-aliases', 'protect no alias')
    .action(
      remoteAction(async (client, output, name: string, flags: ProjectFlags) => {
        const project = await client.projects.create(name, { ...(flags.description !== undefined ? { description: flags.description } : {}), ...aliasesFrom(flags) });
        output.print({ project }, () => `Created project ${project.name}.\n`);
      }),
    );

  withRemoteOptions(projects.command('update').description("change a project's description or protected aliases").argument('<name>'))
    .option('--description <text>', 'new description')
    .option('--protected-alias <alias>', 'replaces the protected aliases (repeatable)', collect)
    .option('--no-protected-aliases', 'protect no alias')
    .action(
      remoteAction(async (client, output, name: string, flags: ProjectFlags) => {
        const project = await client.projects.update(name, { ...(flags.description !== undefined ? { description: flags.description } : {}), ...aliasesFrom(flags) });
        output.print({ project }, () => `Updated project ${project.name}: protected aliases ${project.protectedAliases.join(', ') || '(none)'}.\n`);
      }),
    );
}
