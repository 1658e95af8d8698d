import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppOptions, type CairnApp } from '../../src/app.js';
import { freshDatabaseUrl } from './backends.js';

export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43121`. */
  url: string;
  app: CairnApp;
  close(): Promise<void>;
}

export interface TestServerOptions extends AppOptions {
  backend: 'sqlite' | 'postgres';
  /** Artifact root (`s3://...` or a folder); a new temp folder when absent. */
  artifacts?: string;
  /** Require credentials (CAIRN_AUTH); the bootstrap admin then gets `adminPassword` (default 'admin-password'). */
  auth?: boolean;
  adminPassword?: string;
  /** Memory budget of loaded models (CAIRN_MODEL_MEMORY_MB); the default 2048 when absent. */
  modelMemoryMb?: number;
}

/** The whole app in-process on a fresh database, listening on 127.0.0.1 on a free port. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const { backend, artifacts, auth = false, adminPassword = 'admin-password', modelMemoryMb, ...appOptions } = options;
  const scratch = await mkdtemp(join(tmpdir(), 'cairn-test-server-'));
  const app = await createApp(
    {
      host: '127.0.0.1',
      port: 0,
      databaseUrl: await freshDatabaseUrl(backend),
      artifacts: artifacts ?? join(scratch, 'artifacts'),
      logLevel: 'silent',
      auth,
      ...(auth ? { adminPassword } : {}),
      ...(modelMemoryMb !== undefined ? { modelMemoryMb } : {}),
    },
    // Tests run monitors explicitly (run now, or the scheduler's tick()): a background run would race them.
    { defaultMetrics: false, monitorScheduler: { start: false }, ...appOptions },
  );
  const url = await app.listen();
  return {
    url,
    app,
    async close() {
      await app.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
