import { sql, type Kysely, type Selectable } from 'kysely';
import { invalidArgument } from '../../domain/errors.js';
import type { Feedback, FeedbackSource } from '../../domain/monitoring/feedback.js';
import type { FeedbackCursor, FeedbackDeployment, FeedbackStore, LabelledPrediction, NewFeedback } from '../../domain/monitoring/feedback-store.js';
import { decodeTensorLog } from '../../domain/predictions/tensor-log-codec.js';
import type { StoredPrediction } from '../../domain/predictions/prediction-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { SqlDialectName } from './dialect.js';
import { predictionFromRow } from './prediction-sql-store.js';
import type { FeedbackTable } from './schema-monitoring.js';
import type { Schema } from './schema.js';
import { chunks, inListChunk, insertRows } from './sql-support.js';

const feedbackColumns = ['prediction_id', 'deployment_id', 'project_id', 'prediction_time', 'label', 'comment', 'source', 'created_by', 'created_time'] as const;
// A label given again replaces the earlier one (a correction), keeping one row per prediction.
const upsert = 'on conflict (prediction_id) do update set label = excluded.label, comment = excluded.comment, source = excluded.source, created_by = excluded.created_by, created_time = excluded.created_time';
/** Unknown ids an error message names before it says "and N more". */
const namedUnknown = 20;

/** FeedbackStore on SQLite and Postgres. */
export class FeedbackSqlStore implements FeedbackStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly audit: AuditTrail,
  ) {}

  async record(deployment: FeedbackDeployment, items: readonly NewFeedback[]): Promise<Feedback[]> {
    if (items.length === 0) return [];
    // The last item for a prediction wins, as if the calls had been made one after the other.
    const byId = new Map<string, NewFeedback>();
    for (const item of items) byId.set(item.predictionId, item);
    return this.db.transaction().execute(async (trx) => {
      const times = new Map<string, number>();
      for (const ids of chunks([...byId.keys()], inListChunk)) {
        const rows = await trx.selectFrom('predictions').select(['id', 'time']).where('deployment_id', '=', deployment.id).where('id', 'in', ids).execute();
        for (const row of rows) times.set(row.id, Number(row.time));
      }
      const unknown = [...byId.keys()].filter((id) => !times.has(id));
      if (unknown.length > 0) {
        const more = unknown.length > namedUnknown ? ` and ${unknown.length - namedUnknown} more` : '';
        throw invalidArgument(`items: no prediction of deployment '${deployment.name}' has the id ${unknown.slice(0, namedUnknown).map((id) => `'${id}'`).join(', ')}${more}; nothing was recorded`);
      }
      const stored = [...byId.values()].map((item): Feedback => ({
        predictionId: item.predictionId,
        deployment: deployment.name,
        predictionTime: times.get(item.predictionId) as number,
        label: item.label,
        comment: item.comment,
        source: item.source,
        createdBy: item.createdBy,
        createdTime: item.createdTime,
      }));
      const rows = stored.map((f) => [f.predictionId, deployment.id, deployment.projectId, f.predictionTime, f.label === null ? null : JSON.stringify(f.label), f.comment, f.source, f.createdBy, Math.trunc(f.createdTime)]);
      await insertRows(trx, this.dialect, 'feedback', feedbackColumns, rows, upsert);
      const labels = stored.filter((f) => f.label !== null).length;
      const single = stored.length === 1 ? { predictionId: (stored[0] as Feedback).predictionId } : {};
      await this.audit.record(trx, {
        action: 'feedback.record',
        resourceType: 'deployment',
        resourceId: deployment.name,
        projectId: deployment.projectId,
        details: { deployment: deployment.name, count: stored.length, labels, ...single },
      });
      return stored;
    });
  }

  async list(deploymentId: number, page: { limit: number; after?: FeedbackCursor }): Promise<Feedback[]> {
    let query = this.db
      .selectFrom('feedback as f')
      .innerJoin('deployments as d', 'd.id', 'f.deployment_id')
      .selectAll('f')
      .select('d.name as deployment')
      .where('f.deployment_id', '=', deploymentId);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('f.created_time', '<', after.createdTime), eb.and([eb('f.created_time', '=', after.createdTime), eb('f.prediction_id', '<', after.predictionId)])]));
    const rows = await query.orderBy('f.created_time', 'desc').orderBy('f.prediction_id', 'desc').limit(page.limit).execute();
    return rows.map(toFeedback);
  }

  async labelled(deploymentId: number, from: number, to: number): Promise<LabelledPrediction[]> {
    const rows = await this.db
      .selectFrom('feedback as f')
      // The log's own row: a purged prediction has nothing left to score.
      .innerJoin('predictions as p', 'p.id', 'f.prediction_id')
      .select(['f.prediction_id', 'f.prediction_time', 'f.label', 'p.outputs'])
      .where('f.deployment_id', '=', deploymentId)
      .where('f.prediction_time', '>=', from)
      .where('f.prediction_time', '<', to)
      .where('f.label', 'is not', null)
      .orderBy('f.prediction_time')
      .orderBy('f.prediction_id')
      .execute();
    return rows.map((row) => ({
      predictionId: row.prediction_id,
      time: Number(row.prediction_time),
      outputs: decodeTensorLog(row.outputs),
      label: JSON.parse(row.label as string) as string | number,
    }));
  }

  async labelledSince(deploymentId: number, since: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .select('prediction_time')
      .where('deployment_id', '=', deploymentId)
      .where('created_time', '>', since)
      .where('label', 'is not', null)
      .orderBy('prediction_time')
      .execute();
    return rows.map((row) => Number(row.prediction_time));
  }

  async unlabelled(deploymentId: number, limit: number): Promise<StoredPrediction[]> {
    const rows = await this.db
      .selectFrom('predictions as p')
      .innerJoin('deployments as d', 'd.id', 'p.deployment_id')
      .innerJoin('projects as pr', 'pr.id', 'p.project_id')
      .leftJoin('feedback as f', 'f.prediction_id', 'p.id')
      .selectAll('p')
      .select(['d.name as deployment', 'pr.name as project'])
      .where('p.deployment_id', '=', deploymentId)
      .where(sql<boolean>`f.prediction_id is null`)
      .orderBy('p.time', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(predictionFromRow);
  }
}

function toFeedback(row: Selectable<FeedbackTable> & { deployment: string }): Feedback {
  return {
    predictionId: row.prediction_id,
    deployment: row.deployment,
    predictionTime: Number(row.prediction_time),
    label: row.label === null ? null : (JSON.parse(row.label) as string | number),
    comment: row.comment,
    source: row.source as FeedbackSource,
    createdBy: row.created_by,
    createdTime: Number(row.created_time),
  };
}
