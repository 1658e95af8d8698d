import type { ExperimentAttribute, RunAttribute } from './search-query.js';

/** How each attribute compares: text with = != LIKE ILIKE, or epoch milliseconds with numeric comparators. */
export type AttributeType = 'string' | 'number';

export const runAttributeTypes: Record<RunAttribute, AttributeType> = {
  run_id: 'string',
  run_name: 'string',
  status: 'string',
  user_id: 'string',
  artifact_uri: 'string',
  lifecycle_stage: 'string',
  start_time: 'number',
  end_time: 'number',
};

// Spellings MLflow's UI and docs use for the same columns.
const runAliases: Record<string, RunAttribute> = {
  created: 'start_time',
  'run name': 'run_name',
};

/** Attribute names are matched in any letter case ("Run name", "Created"). */
export function resolveRunAttribute(name: string): RunAttribute | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(runAttributeTypes, lower)) return lower as RunAttribute;
  return runAliases[lower];
}

export const runAttributeNames = Object.keys(runAttributeTypes).join(', ');

export const experimentAttributeTypes: Record<ExperimentAttribute, AttributeType> = {
  name: 'string',
  experiment_id: 'number',
  creation_time: 'number',
  last_update_time: 'number',
};

/** experiment_id orders experiments but, as in MLflow, is not a filter attribute. */
export const searchableExperimentAttributes: readonly ExperimentAttribute[] = ['name', 'creation_time', 'last_update_time'];

export function resolveExperimentAttribute(name: string): ExperimentAttribute | undefined {
  const lower = name.toLowerCase();
  return Object.hasOwn(experimentAttributeTypes, lower) ? (lower as ExperimentAttribute) : undefined;
}
