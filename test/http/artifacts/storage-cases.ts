import { randomBytes } from 'node:crypto';
import type { Backend } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { startS3TestServer, type S3TestServer } from '../../storage/blob/s3-test-server.js';

export interface StorageCase {
  name: string;
  backend: Backend;
  storage: 'folder' | 's3';
}

/** Both databases with the local artifact folder, and the S3 store once (on Postgres, the team set-up). */
export const storageCases: StorageCase[] = [
  { name: 'sqlite + local folder', backend: 'sqlite', storage: 'folder' },
  { name: 'postgres + local folder', backend: 'postgres', storage: 'folder' },
  { name: 'postgres + s3', backend: 'postgres', storage: 's3' },
];

const awsVariables = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;

/**
 * The whole app for one case. For S3 it starts an S3-compatible server and sets the standard AWS
 * variables, exactly as an operator would, and restores them on close.
 */
export async function startServerFor(testCase: StorageCase): Promise<TestServer> {
  if (testCase.storage === 'folder') return startTestServer({ backend: testCase.backend });
  const s3: S3TestServer = await startS3TestServer();
  const saved = Object.fromEntries(awsVariables.map((name) => [name, process.env[name]]));
  Object.assign(process.env, s3.env);
  try {
    const server = await startTestServer({ backend: testCase.backend, artifacts: `s3://${s3.bucket}/${randomBytes(4).toString('hex')}` });
    return {
      ...server,
      async close() {
        await server.close();
        await s3.stop();
        restore(saved);
      },
    };
  } catch (error) {
    await s3.stop();
    restore(saved);
    throw error;
  }
}

function restore(saved: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
