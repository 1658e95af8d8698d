import type { Kysely } from 'kysely';
import type { NewToken, ScopableDeployment, TokenIdentity, TokenInfo } from '../../domain/access/access-store.js';
import { notFound } from '../../domain/errors.js';
import type { AuditTrail } from './audit-trail.js';
import type { SqlDialectName } from './dialect.js';
import type { Schema } from './schema.js';
import { rawQuery } from './sql-support.js';

interface IdentityRow {
  id: number;
  user_id: number;
  expires_time: number | null;
  revoked_time: number | null;
  last_used_time: number | null;
  name: string;
  is_admin: number;
  disabled: number;
  deployment_id: number | null;
  deployment_name: string | null;
  /** Null when the token is unscoped, or its deployment was deleted. */
  live_deployment: number | null;
}

// Runs on every request with a token: written once, compiled never (see rawQuery), one unique-index probe
// (plus a primary-key probe of the deployment for a scoped token, which stops working once it is deleted).
const identityQuery =
  'select t.id, t.user_id, t.expires_time, t.revoked_time, t.last_used_time, t.deployment_id, t.deployment_name, d.id as live_deployment, ' +
  'u.name, u.is_admin, u.disabled from api_tokens t join users u on u.id = t.user_id left join deployments d on d.id = t.deployment_id ' +
  'where t.token_hash = ?';
const touchQuery = 'update api_tokens set last_used_time = ? where id = ? and (last_used_time is null or last_used_time < ?)';

/** API tokens, stored as sha256 of the secret; the secret never reaches the database or the audit trail. */
export class TokenSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly audit: AuditTrail,
  ) {}

  async createToken(token: NewToken, now: number, actor?: string): Promise<TokenInfo> {
    const id = await this.db.transaction().execute(async (trx) => {
      const owner = await trx.selectFrom('users').select('name').where('id', '=', token.userId).executeTakeFirst();
      if (!owner) throw notFound(`User with id ${token.userId} not found`);
      const row = await trx
        .insertInto('api_tokens')
        .values({
          user_id: token.userId,
          name: token.name,
          token_hash: token.tokenHash,
          prefix: token.prefix,
          creation_time: now,
          expires_time: token.expiresTime,
          deployment_id: token.deployment?.id ?? null,
          deployment_name: token.deployment?.name ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      const stamped = this.audit.stamp({
        action: 'token.create',
        resourceType: 'token',
        resourceId: String(id),
        ...(token.deployment ? { projectId: token.deployment.projectId } : {}),
        details: { name: token.name, user: owner.name, expiresTime: token.expiresTime, ...(token.deployment ? { deployment: token.deployment.name } : {}) },
      });
      await this.audit.append(trx, [actor === undefined ? stamped : { ...stamped, actor }]);
      return id;
    });
    return this.getToken(id);
  }

  async findToken(tokenHash: string): Promise<TokenIdentity | undefined> {
    const { rows } = await this.db.executeQuery(rawQuery<IdentityRow>(this.dialect, identityQuery, [tokenHash]));
    const row = rows[0];
    if (!row) return undefined;
    return {
      tokenId: Number(row.id),
      userId: Number(row.user_id),
      userName: row.name,
      isAdmin: Number(row.is_admin) === 1,
      disabled: Number(row.disabled) === 1,
      expiresTime: nullableNumber(row.expires_time),
      revokedTime: nullableNumber(row.revoked_time),
      lastUsedTime: nullableNumber(row.last_used_time),
      deployment:
        row.deployment_id === null ? null : { id: Number(row.deployment_id), name: row.deployment_name ?? '', exists: row.live_deployment !== null },
    };
  }

  async touchToken(id: number, now: number, notBefore: number): Promise<void> {
    await this.db.executeQuery(rawQuery(this.dialect, touchQuery, [now, id, notBefore]));
  }

  async getToken(id: number): Promise<TokenInfo> {
    const [token] = await this.select().where('t.id', '=', id).execute();
    if (!token) throw notFound(`API token ${id} not found`);
    return toInfo(token);
  }

  async listTokens(userId?: number): Promise<TokenInfo[]> {
    let query = this.select();
    if (userId !== undefined) query = query.where('t.user_id', '=', userId);
    return (await query.orderBy('t.id', 'desc').execute()).map(toInfo);
  }

  async revokeToken(id: number, now: number): Promise<TokenInfo> {
    const token = await this.getToken(id);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('api_tokens').set({ revoked_time: now }).where('id', '=', id).where('revoked_time', 'is', null).execute();
      await this.audit.record(trx, { action: 'token.revoke', resourceType: 'token', resourceId: String(id), details: { name: token.name, user: token.user } });
    });
    return this.getToken(id);
  }

  async deploymentForToken(name: string): Promise<ScopableDeployment> {
    const row = await this.db.selectFrom('deployments').select(['id', 'name', 'project_id']).where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`Deployment '${name}' not found`);
    return { id: Number(row.id), name: row.name, projectId: Number(row.project_id) };
  }

  private select() {
    return this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .leftJoin('deployments as d', 'd.id', 't.deployment_id')
      .select([
        't.id',
        't.name',
        't.prefix',
        't.user_id',
        'u.name as user',
        't.creation_time',
        't.expires_time',
        't.revoked_time',
        't.last_used_time',
        't.deployment_name',
        'd.id as live_deployment',
      ]);
  }
}

type InfoRow = {
  id: number;
  name: string;
  prefix: string;
  user_id: number;
  user: string;
  creation_time: number;
  expires_time: number | null;
  revoked_time: number | null;
  last_used_time: number | null;
  deployment_name: string | null;
  live_deployment: number | null;
};

function toInfo(row: InfoRow): TokenInfo {
  return {
    id: Number(row.id),
    name: row.name,
    prefix: row.prefix,
    userId: Number(row.user_id),
    user: row.user,
    createdTime: Number(row.creation_time),
    expiresTime: nullableNumber(row.expires_time),
    revokedTime: nullableNumber(row.revoked_time),
    lastUsedTime: nullableNumber(row.last_used_time),
    deployment: row.deployment_name,
    deploymentDeleted: row.deployment_name !== null && row.live_deployment === null,
  };
}

function nullableNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}
