import type { Command } from 'commander';
import type { FileInfo } from '../../client/index.js';
import { nounCommand, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatBytes, formatTable } from '../table.js';

function fileTable(files: readonly FileInfo[]): string {
  return formatTable(files, [
    { header: 'PATH', cell: (f) => (f.isDir ? `${f.path}/` : f.path) },
    { header: 'SIZE', cell: (f) => formatBytes(f.fileSize), align: 'right' },
  ]);
}

/** `cairn artifacts list|download`. */
export function registerArtifactsCommand(program: Command): void {
  const artifacts = nounCommand(program, 'artifacts', "list and download runs' artifacts from a Cairn server");

  withRemoteOptions(artifacts.command('list').description('list a folder of a run\'s artifacts').argument('<run-id>').argument('[path]', 'folder inside the run', ''))
    .option('-r, --recursive', 'list every file below the folder')
    .action(
      remoteAction(async (client, output, runId: string, path: string, flags: { recursive?: boolean }) => {
        let files: FileInfo[];
        if (flags.recursive) {
          files = [];
          for await (const file of client.artifacts.walk(runId, path)) files.push(file);
        } else {
          files = (await client.artifacts.list(runId, path)).files;
        }
        output.print({ files }, () => (files.length === 0 ? 'No artifacts.\n' : fileTable(files)));
      }),
    );

  withRemoteOptions(
    artifacts
      .command('download')
      .description('download a file or folder of a run (all of it by default), keeping artifact paths')
      .argument('<run-id>')
      .argument('[path]', 'file or folder inside the run', ''),
  )
    .option('-d, --dest <dir>', 'local folder to download into', '.')
    .action(
      remoteAction(async (client, output, runId: string, path: string, flags: { dest: string }) => {
        const local = await client.artifacts.download(runId, path, flags.dest);
        output.print({ path: local }, () => `Downloaded to ${local}\n`);
      }),
    );
}
