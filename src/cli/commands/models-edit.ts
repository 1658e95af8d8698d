import type { Command } from 'commander';
import type { ModelVersion, ModelVersionDetail, RegisteredModel, TensorSpec } from '../../client/index.js';
import { collectKeyValue, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatFields, formatTable, formatTime } from '../table.js';

function tensorTable(specs: readonly TensorSpec[]): string {
  return formatTable(specs, [
    { header: 'NAME', cell: (s) => s.name },
    { header: 'TYPE', cell: (s) => s.datatype },
    { header: 'SHAPE', cell: (s) => (s.shape === null ? '?' : `[${s.shape.join(', ')}]`) },
  ]);
}

/** One version: its fields, signature and files with their digests (`cairn models show NAME VERSION`). */
export function versionDetails({ version, files }: ModelVersionDetail): string {
  const sections = [
    formatFields([
      ['Model', `${version.name} version ${version.version}`],
      ['Status', version.status],
      ['Stage', version.currentStage],
      ['Aliases', version.aliases.join(' ')],
      ['Format', version.flavors.length > 0 ? `${version.format} (${version.flavors.join(', ')})` : version.format],
      ['Source', version.source],
      ['Run ID', version.runId],
      ['Description', version.description],
      ['Tags', version.tags.map((t) => `${t.key}=${t.value}`).join(' ')],
      ['Created', formatTime(version.creationTime)],
    ]),
  ];
  const { signature } = version;
  if (signature === null) sections.push('\nNo signature.\n');
  else sections.push(`\nInputs\n${tensorTable(signature.inputs)}`, `\nOutputs\n${tensorTable(signature.outputs)}`);
  if (files.length === 0) sections.push('\nNo files recorded.\n');
  else {
    const table = formatTable(files, [
      { header: 'PATH', cell: (f) => f.path },
      { header: 'SIZE', cell: (f) => String(f.size), align: 'right' },
      { header: 'SHA256', cell: (f) => f.sha256 },
    ]);
    sections.push(`\nFiles\n${table}`);
  }
  return sections.join('');
}

const modelLine = (model: RegisteredModel) => `${model.name}${model.description ? `: ${model.description}` : ''}\n`;
const versionLine = (v: ModelVersion) => `${v.name} version ${v.version} (${v.currentStage})${v.description ? `: ${v.description}` : ''}\n`;

interface UpdateFlags {
  description?: string;
}

/** `--version` belongs to the program (it prints Cairn's version), so versions are named this way in options. */
interface VersionFlag {
  modelVersion?: number;
}

/** `cairn models create|update|rename|delete|tag|untag|stage|upload`, added to the `models` noun. */
export function addModelEditCommands(models: Command): void {
  withRemoteOptions(models.command('create').description('create a registered model (versions come from `upload` or a run)').argument('<name>'))
    .option('--project <name>', 'the project it belongs to (default: the default project)')
    .option('--description <text>', 'what the model is for')
    .action(
      remoteAction(async (client, output, name: string, flags: { project?: string; description?: string }) => {
        const model = await client.models.create(name, {
          ...(flags.project !== undefined ? { project: flags.project } : {}),
          ...(flags.description !== undefined ? { description: flags.description } : {}),
        });
        output.print({ model }, () => `Created model ${model.name} in project ${model.project}.\n`);
      }),
    );

  withRemoteOptions(
    models.command('update').description("change a model's description, or a version's when VERSION is given").argument('<name>').argument('[version]', 'update this version', positiveInteger),
  )
    .option('--description <text>', 'the new description')
    .action(
      remoteAction(async (client, output, name: string, versionNumber: number | undefined, flags: UpdateFlags) => {
        if (flags.description === undefined) throw new Error('nothing to update: give --description');
        if (versionNumber !== undefined) {
          const version = await client.models.updateVersion(name, versionNumber, { description: flags.description });
          output.print({ version }, () => versionLine(version));
        } else {
          const model = await client.models.update(name, { description: flags.description });
          output.print({ model }, () => modelLine(model));
        }
      }),
    );

  withRemoteOptions(models.command('rename').description('rename a model; versions, aliases, tags and card follow').argument('<name>').argument('<new-name>')).action(
    remoteAction(async (client, output, name: string, newName: string) => {
      const model = await client.models.rename(name, newName);
      output.print({ model }, () => `Renamed ${name} to ${model.name}.\n`);
    }),
  );

  withRemoteOptions(models.command('delete').description('delete a model, or one version of it').argument('<name>').argument('[version]', 'delete only this version', positiveInteger)).action(
    remoteAction(async (client, output, name: string, version: number | undefined) => {
      if (version === undefined) {
        await client.models.delete(name);
        output.print({ deleted: { name } }, () => `Deleted model ${name}.\n`);
      } else {
        const model = await client.models.deleteVersion(name, version);
        output.print({ model }, () => `Deleted version ${version} of ${name}.\n`);
      }
    }),
  );

  withRemoteOptions(
    models
      .command('tag')
      .description('set tags (key=value) on a model, or on a version with --model-version')
      .argument('<name>')
      .argument('<key=value...>', 'one or more tags')
      .option('--model-version <n>', 'tag this version instead of the model', positiveInteger),
  ).action(
    remoteAction(async (client, output, name: string, pairs: string[], flags: VersionFlag) => {
      const tags = pairs.reduce<Record<string, string>>((all, pair) => collectKeyValue(pair, all), {});
      let result: { model: RegisteredModel } | { version: ModelVersion } | undefined;
      for (const [key, value] of Object.entries(tags)) {
        result = flags.modelVersion === undefined ? { model: await client.models.setTag(name, key, value) } : { version: await client.models.setVersionTag(name, flags.modelVersion, key, value) };
      }
      output.print(result, () => `Tagged ${flags.modelVersion === undefined ? name : `${name} version ${flags.modelVersion}`}: ${Object.keys(tags).join(', ')}.\n`);
    }),
  );

  withRemoteOptions(
    models
      .command('untag')
      .description('remove tags from a model, or from a version with --model-version')
      .argument('<name>')
      .argument('<key...>', 'one or more tag keys')
      .option('--model-version <n>', 'untag this version instead of the model', positiveInteger),
  ).action(
    remoteAction(async (client, output, name: string, keys: string[], flags: VersionFlag) => {
      let result: { model: RegisteredModel } | { version: ModelVersion } | undefined;
      for (const key of keys) {
        result = flags.modelVersion === undefined ? { model: await client.models.deleteTag(name, key) } : { version: await client.models.deleteVersionTag(name, flags.modelVersion, key) };
      }
      output.print(result, () => `Removed from ${flags.modelVersion === undefined ? name : `${name} version ${flags.modelVersion}`}: ${keys.join(', ')}.\n`);
    }),
  );

  withRemoteOptions(
    models
      .command('stage')
      .description('move a version to a legacy MLflow stage (None, Staging, Production, Archived)')
      .argument('<name>')
      .argument('<version>', 'the version number', positiveInteger)
      .argument('<stage>')
      .option('--archive-existing', 'move the other versions in that stage to Archived'),
  ).action(
    remoteAction(async (client, output, name: string, version: number, stage: string, flags: { archiveExisting?: boolean }) => {
      const updated = await client.models.updateVersion(name, version, { stage, ...(flags.archiveExisting ? { archiveExistingVersions: true } : {}) });
      output.print({ version: updated }, () => versionLine(updated));
    }),
  );

  withRemoteOptions(
    models
      .command('upload')
      .description('register a local model file or folder as a new version (files, digests, format and signature recorded)')
      .argument('<name>')
      .argument('<path>', 'a file (e.g. model.onnx) or a folder (e.g. an MLflow model)')
      .option('--description <text>', 'the version description')
      .option('--tag <key=value>', 'a version tag (repeatable)', collectKeyValue),
  ).action(
    remoteAction(async (client, output, name: string, localPath: string, flags: { description?: string; tag?: Record<string, string> }) => {
      const detail = await client.models.uploadVersion(name, localPath, {
        ...(flags.description !== undefined ? { description: flags.description } : {}),
        ...(flags.tag ? { tags: flags.tag } : {}),
      });
      output.print(detail, () => versionDetails(detail));
    }),
  );
}
