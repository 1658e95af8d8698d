import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { unrestrictedAccess } from '../src/domain/access/unrestricted-access.js';
import { genesisHash } from '../src/domain/audit/audit-event.js';
import { eventHash } from '../src/domain/audit/audit-hash.js';
import { auditLimits, AuditService } from '../src/domain/audit/audit-service.js';
import { AuditSqlStore } from '../src/storage/sql/audit-sql-store.js';
import { openDatabase } from '../src/storage/sql/database.js';
import type { BenchRow } from './support/report.js';
import { freshDataDir, removeDataDir } from './support/server-process.js';

const actions = ['run.log', 'run.log', 'run.log', 'run.update', 'experiment.tag.set', 'model_version.create', 'model.alias.set', 'artifact.put'];

/**
 * Writes `total` chained events straight into `audit_events` (not through the API: a million
 * requests would measure ingestion, not verification), shaped like real ones: a log batch's counts,
 * a request id, a project.
 */
function seedChain(path: string, total: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(
    'insert into audit_events (seq, "time", actor, action, resource_type, resource_id, project_id, request_id, digest, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let prevHash = genesisHash;
  const start = 1_800_000_000_000;
  const writeBatch = db.transaction((from: number, to: number) => {
    for (let seq = from; seq <= to; seq += 1) {
      const action = actions[seq % actions.length]!;
      const detailsJson = `{"metrics":${seq % 1000},"params":${seq % 7},"tags":${seq % 3}}`;
      const event = {
        seq,
        time: start + seq * 10,
        actor: `user${seq % 50}`,
        action,
        resourceType: action.slice(0, action.indexOf('.')),
        resourceId: createHash('md5').update(String(seq % 20_000)).digest('hex'),
        projectId: 1 + (seq % 5),
        requestId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
        digest: createHash('sha256').update(detailsJson).digest('hex'),
        detailsJson,
        prevHash,
      };
      const hash = eventHash(event);
      insert.run(seq, event.time, event.actor, action, event.resourceType, event.resourceId, event.projectId, event.requestId, event.digest, detailsJson, prevHash, hash);
      prevHash = hash;
    }
  });
  for (let from = 1; from <= total; from += 50_000) writeBatch(from, Math.min(total, from + 49_999));
  db.prepare('update audit_head set seq = ?, hash = ? where id = 1').run(total, prevHash);
  db.close();
}

/**
 * `verify()` over a chain of a million events on SQLite. Baseline: the same pages read through the
 * same store without hashing, so the ratio shows what recomputing the chain costs over reading it.
 */
export async function benchAuditVerify(total = 1_000_000): Promise<BenchRow[]> {
  const dataDir = freshDataDir();
  try {
    const path = join(dataDir, 'cairn.db');
    // The real migrations create the schema the seeding writes into.
    await (await openDatabase(path)).close();
    const seedStart = performance.now();
    seedChain(path, total);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const database = await openDatabase(path);
    try {
      const store = new AuditSqlStore(database.db, database.dialect);
      const service = new AuditService({ store, authorizer: unrestrictedAccess, projects: { projectByName: async () => undefined } });

      // Read once untimed so both timings start from the same warm page cache.
      await readAll(store, total);
      const readStart = performance.now();
      const readCpu = process.cpuUsage();
      const read = await readAll(store, total);
      const readCpuSeconds = cpuSeconds(process.cpuUsage(readCpu));
      const readSeconds = (performance.now() - readStart) / 1000;

      const verifyStart = performance.now();
      const verifyCpu = process.cpuUsage();
      const report = await service.verify();
      const verifyCpuSeconds = cpuSeconds(process.cpuUsage(verifyCpu));
      const verifySeconds = (performance.now() - verifyStart) / 1000;
      if (!report.ok || report.checked !== total || read !== total) throw new Error(`unexpected result: ${JSON.stringify(report)}, read ${read}`);
      return [
        {
          name: `audit verify, ${total.toLocaleString('en-US')} events (SQLite)`,
          figure: verifySeconds,
          unit: 's',
          baselineName: 'reading the same pages without hashing',
          baseline: readSeconds,
          target: '< 10 s',
          pass: verifySeconds < 10,
          note: `${Math.round(total / verifySeconds).toLocaleString('en-US')} events/s checked; pages of ${auditLimits.verifyPageSize.toLocaleString('en-US')}; CPU time ${verifyCpuSeconds.toFixed(1)} s verifying, ${readCpuSeconds.toFixed(1)} s reading (wall time grows when other processes compete for the cores); seeding the chain took ${seedSeconds.toFixed(1)} s`,
        },
      ];
    } finally {
      await database.close();
    }
  } finally {
    removeDataDir(dataDir);
  }
}

const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;

async function readAll(store: AuditSqlStore, total: number): Promise<number> {
  let read = 0;
  for (let after = 0; ; ) {
    const page = await store.chainPage(after, total, auditLimits.verifyPageSize);
    read += page.length;
    if (page.length < auditLimits.verifyPageSize) return read;
    after = page[page.length - 1]!.seq;
  }
}
