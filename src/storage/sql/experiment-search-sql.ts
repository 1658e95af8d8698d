import { sql, type Kysely } from 'kysely';
import type { ExperimentAttribute, ExperimentQuery } from '../../domain/tracking/search/search-query.js';
import { withExperimentTieBreaks } from '../../domain/tracking/search/parse-order-by.js';
import type { Schema } from './schema.js';
import type { SqlDialectName } from './dialect.js';
import { and, compareInteger, compareText, direction, lifecycleCondition, textForOrder, type Fragment } from './search-sql-compare.js';

const columns: Record<ExperimentAttribute, Fragment> = {
  name: sql`e.name`,
  experiment_id: sql`e.experiment_id`,
  creation_time: sql`e.creation_time`,
  last_update_time: sql`e.last_update_time`,
};

/**
 * Ids of the experiments `query` selects, in order, one page of them. Without an order the most
 * recently updated come first; experiment_id DESC breaks ties.
 */
export async function selectExperimentIds(db: Kysely<Schema>, dialect: SqlDialectName, query: ExperimentQuery): Promise<number[]> {
  if (query.limit <= 0) return [];
  const joins: Fragment[] = [];
  const where: Fragment[] = [];
  const lifecycle = lifecycleCondition(sql`e.lifecycle_stage`, query.viewType);
  if (lifecycle) where.push(lifecycle);
  // A caller reads few projects; the list is short, so one IN serves both databases.
  if (query.projectIds) where.push(query.projectIds.length === 0 ? sql`1 = 0` : sql`e.project_id in (${sql.join(query.projectIds.map((id) => sql`${id}`))})`);

  query.filter.forEach((clause, i) => {
    if (clause.kind === 'tag') {
      // (experiment_id, key) is the tag table's primary key, so the join never repeats a row.
      const t = sql.raw(`t${i}`);
      joins.push(sql`join experiment_tags ${t} on ${t}.experiment_id = e.experiment_id and ${t}.key = ${clause.key}`);
      where.push(compareText(sql`${t}.value`, clause.comparator, clause.value));
    } else if (typeof clause.value === 'number') {
      where.push(compareInteger(columns[clause.key], clause.comparator, clause.value));
    } else {
      where.push(compareText(columns[clause.key], clause.comparator, clause.value));
    }
  });

  const orderBy = withExperimentTieBreaks(query.orderBy).map(({ key, ascending }) => {
    const column = key === 'name' ? textForOrder(dialect, columns.name) : columns[key];
    return sql`${column} ${direction(ascending)}`;
  });

  const { rows } = await sql<{ experiment_id: number }>`
    select e.experiment_id from experiments e ${sql.join(joins, sql` `)}
    where ${and(where)}
    order by ${sql.join(orderBy)}
    limit ${query.limit} offset ${query.offset}`.execute(db);
  return rows.map((row) => Number(row.experiment_id));
}
