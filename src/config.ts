import { z } from 'zod';
import { join } from 'node:path';

/** Every setting Cairn reads, from `CAIRN_*` variables or CLI flags (flags win). */
export const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(5000),
  /** Folder for the embedded defaults (SQLite file, artifact folder). */
  dataDir: z.string().min(1).default('./cairn-data'),
  /** `postgres://...`, or a SQLite file path. Defaults to `<dataDir>/cairn.db`. */
  databaseUrl: z.string().min(1).optional(),
  /** `s3://bucket/prefix`, or a local folder. Defaults to `<dataDir>/artifacts`. */
  artifacts: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Require credentials on every API request (docs/access.md); off means everyone is the local admin, on loopback only. */
  auth: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((value) => value === true || value === 'true' || value === '1')
    .default(false),
  /** Password of the `admin` user created on first start with authentication on; generated and printed once when absent. */
  adminPassword: z.string().min(8).optional(),
  /** Estimated memory of the models kept loaded for serving, in MiB (docs/serving.md, "Model cache"). */
  modelMemoryMb: z.coerce.number().int().min(1).default(2048),
  /** Predictions held in memory waiting to be logged; beyond it they are dropped and counted (docs/serving.md, "Prediction log"). */
  predictionLogQueue: z.coerce.number().int().min(1).default(10_000),
  /** Run monitors on their schedules in this process (docs/monitoring.md, "Scheduling and workers"); off leaves them to `cairn worker`. */
  monitors: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((value) => value === true || value === 'true' || value === '1')
    .default(true),
});

export type ConfigInput = z.input<typeof configSchema>;

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  artifacts: string;
  logLevel: z.infer<typeof configSchema>['logLevel'];
  auth: boolean;
  adminPassword?: string;
  /** Memory budget of loaded models, MiB; 2048 when absent. */
  modelMemoryMb?: number;
  /** Capacity of the prediction log's queue; 10,000 when absent. */
  predictionLogQueue?: number;
  /** Run the monitor scheduler in this process; true when absent. */
  monitors?: boolean;
}

const envNames: Record<keyof ConfigInput, string> = {
  host: 'CAIRN_HOST',
  port: 'CAIRN_PORT',
  dataDir: 'CAIRN_DATA_DIR',
  databaseUrl: 'CAIRN_DATABASE_URL',
  artifacts: 'CAIRN_ARTIFACTS',
  logLevel: 'CAIRN_LOG_LEVEL',
  auth: 'CAIRN_AUTH',
  adminPassword: 'CAIRN_ADMIN_PASSWORD',
  modelMemoryMb: 'CAIRN_MODEL_MEMORY_MB',
  predictionLogQueue: 'CAIRN_PREDICTION_LOG_QUEUE',
  monitors: 'CAIRN_MONITORS',
};

/** Reads `CAIRN_*` variables, lets `overrides` (CLI flags) win, validates, and fills in defaults. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<ConfigInput> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(envNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[field] = value;
  }
  for (const [field, value] of Object.entries(overrides)) if (value !== undefined) raw[field] = value;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    throw new Error(`invalid setting ${envNames[field as keyof ConfigInput] ?? field}: ${issue?.message ?? 'invalid'}`);
  }
  const { dataDir, databaseUrl, artifacts, adminPassword, ...rest } = parsed.data;
  return {
    ...rest,
    ...(adminPassword !== undefined ? { adminPassword } : {}),
    databaseUrl: databaseUrl ?? join(dataDir, 'cairn.db'),
    artifacts: artifacts ?? join(dataDir, 'artifacts'),
  };
}

export const configEnvNames = envNames;
