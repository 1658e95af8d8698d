import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/** The project every installation starts with; experiments and models created before projects existed land here. */
export const defaultProjectId = 1;

/**
 * Projects, users, API tokens and memberships. Experiments and registered models gain a project
 * (the default one for existing rows). The project column carries no foreign key: SQLite refuses
 * a REFERENCES column added with a non-null default, and projects holding anything are never deleted.
 * Experiment and model names stay unique across the installation, since MLflow's API finds them by name alone.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  const nameText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('projects')
    .addColumn('id', autoId as never)
    .addColumn('name', nameText as never, (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    /** JSON array of alias names that only an approved promotion request may move. */
    .addColumn('protected_aliases', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into projects (name, description, protected_aliases, creation_time) values ('default', 'The project everything belongs to unless told otherwise', '["production"]', ${Date.now()})`.execute(db);

  await db.schema
    .createTable('users')
    .addColumn('id', autoId as never)
    .addColumn('name', nameText as never, (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    /** scrypt hash (`scrypt$N$r$p$salt$hash`); null for users who sign in with tokens only. */
    .addColumn('password_hash', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', autoId as never)
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** sha256 (hex) of the secret; the secret itself is shown once and never stored. */
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    /** The first characters of the secret, so people can tell their tokens apart. */
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_time', 'bigint')
    .addColumn('revoked_time', 'bigint')
    .addColumn('last_used_time', 'bigint')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('project_members')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
    .execute();
  await db.schema.createIndex('project_members_user').on('project_members').column('user_id').execute();

  for (const table of ['experiments', 'registered_models']) {
    await db.schema.alterTable(table).addColumn('project_id', 'bigint', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.createIndex(`${table}_project`).on(table).column('project_id').execute();
  }
}
