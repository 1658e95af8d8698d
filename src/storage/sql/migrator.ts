import { Migrator, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from './dialect.js';
import * as tracking from './migrations/0001-tracking.js';
import * as artifactBlobRefs from './migrations/0002-artifact-blob-refs.js';
import * as registry from './migrations/0003-registry.js';
import * as modelCards from './migrations/0004-model-cards.js';
import * as access from './migrations/0005-access.js';
import * as audit from './migrations/0006-audit.js';
import * as governance from './migrations/0007-governance.js';
import * as webhooks from './migrations/0008-webhooks.js';
import * as versionFiles from './migrations/0009-version-files.js';
import * as deployments from './migrations/0010-deployments.js';
import * as predictions from './migrations/0011-predictions.js';
import * as deploymentTokens from './migrations/0012-deployment-tokens.js';
import * as monitorReferences from './migrations/0013-monitor-references.js';
import * as feedback from './migrations/0014-feedback.js';
import * as monitors from './migrations/0015-monitors.js';
import * as monitorRuns from './migrations/0016-monitor-runs.js';
import * as binaryPredictionTensors from './migrations/0017-binary-prediction-tensors.js';

/** Migrations in order; each gets the dialect for the few column types that differ. */
const migrations: Record<string, (db: Kysely<unknown>, dialect: SqlDialectName) => Promise<void>> = {
  '0001-tracking': tracking.up,
  '0002-artifact-blob-refs': artifactBlobRefs.up,
  '0003-registry': registry.up,
  '0004-model-cards': modelCards.up,
  '0005-access': access.up,
  '0006-audit': audit.up,
  '0007-governance': governance.up,
  '0008-webhooks': webhooks.up,
  '0009-version-files': versionFiles.up,
  '0010-deployments': deployments.up,
  '0011-predictions': predictions.up,
  '0012-deployment-tokens': deploymentTokens.up,
  '0013-monitor-references': monitorReferences.up,
  '0014-feedback': feedback.up,
  '0015-monitors': monitors.up,
  '0016-monitor-runs': monitorRuns.up,
  '0017-binary-prediction-tensors': binaryPredictionTensors.up,
};

export async function migrateToLatest(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const provided: Record<string, Migration> = {};
  for (const [name, up] of Object.entries(migrations)) provided[name] = { up: (d) => up(d, dialect) };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => provided } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
