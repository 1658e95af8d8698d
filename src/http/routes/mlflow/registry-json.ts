import type { ModelVersion, RegisteredModel } from '../../../domain/registry/types.js';

/** Proto3-JSON of the registry entities: unset (empty) fields left out, version numbers as strings. */

export function modelVersionJson(version: ModelVersion): Record<string, unknown> {
  const json: Record<string, unknown> = {
    name: version.name,
    version: String(version.version),
    creation_timestamp: version.creationTime,
    last_updated_timestamp: version.lastUpdateTime,
    current_stage: version.currentStage,
    source: version.source,
    status: version.status,
  };
  if (version.userId !== '') json['user_id'] = version.userId;
  if (version.description !== '') json['description'] = version.description;
  if (version.runId !== '') json['run_id'] = version.runId;
  if (version.runLink !== '') json['run_link'] = version.runLink;
  if (version.tags.length > 0) json['tags'] = version.tags;
  if (version.aliases.length > 0) json['aliases'] = version.aliases;
  return json;
}

export function registeredModelJson(model: RegisteredModel): Record<string, unknown> {
  const json: Record<string, unknown> = {
    name: model.name,
    creation_timestamp: model.creationTime,
    last_updated_timestamp: model.lastUpdateTime,
  };
  if (model.description !== '') json['description'] = model.description;
  if (model.latestVersions.length > 0) json['latest_versions'] = model.latestVersions.map(modelVersionJson);
  if (model.tags.length > 0) json['tags'] = model.tags;
  if (model.aliases.length > 0) json['aliases'] = model.aliases.map((a) => ({ alias: a.alias, version: String(a.version) }));
  return json;
}
