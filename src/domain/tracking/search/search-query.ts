/** Parsed forms of MLflow's search grammar, shared by the parser and every store. */
import type { ViewType } from '../types.js';

export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export type RunAttribute =
  | 'run_id'
  | 'run_name'
  | 'status'
  | 'user_id'
  | 'artifact_uri'
  | 'start_time'
  | 'end_time'
  | 'lifecycle_stage';

export type ExperimentAttribute = 'name' | 'experiment_id' | 'creation_time' | 'last_update_time';

export type DatasetField = 'name' | 'digest' | 'context';

export type RunFilterClause =
  | { kind: 'metric'; key: string; comparator: Comparator; value: number }
  | { kind: 'param' | 'tag'; key: string; comparator: Comparator; value: string }
  | { kind: 'attribute'; key: RunAttribute; comparator: Comparator; value: string | number | string[] }
  | { kind: 'dataset'; key: DatasetField; comparator: Comparator; value: string | string[] };

export type ExperimentFilterClause =
  | { kind: 'tag'; key: string; comparator: Comparator; value: string }
  | { kind: 'attribute'; key: ExperimentAttribute; comparator: Comparator; value: string | number };

export type RunOrderKey =
  | { kind: 'metric' | 'param' | 'tag'; key: string }
  | { kind: 'attribute'; key: RunAttribute };

export interface OrderBy<K> {
  key: K;
  ascending: boolean;
}

export interface RunQuery {
  experimentIds: string[];
  filter: RunFilterClause[];
  viewType: ViewType;
  orderBy: OrderBy<RunOrderKey>[];
  offset: number;
  limit: number;
}

export interface ExperimentQuery {
  filter: ExperimentFilterClause[];
  /** Only experiments of these projects (the ones the caller may read); all when absent. */
  projectIds?: readonly number[];
  viewType: ViewType;
  orderBy: OrderBy<ExperimentAttribute>[];
  offset: number;
  limit: number;
}
