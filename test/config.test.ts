import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('fills in the defaults of the embedded setup', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', port: 5000, databaseUrl: 'cairn-data/cairn.db', auth: false, modelMemoryMb: 2048, predictionLogQueue: 10_000 });
  });

  it('reads CAIRN_* variables and lets flags win', () => {
    const config = loadConfig({ CAIRN_PORT: '6000', CAIRN_PREDICTION_LOG_QUEUE: '500', CAIRN_MODEL_MEMORY_MB: '64' }, { predictionLogQueue: '2000' });
    expect(config).toMatchObject({ port: 6000, modelMemoryMb: 64, predictionLogQueue: 2000 });
  });

  it('names the variable of a bad setting', () => {
    expect(() => loadConfig({ CAIRN_PREDICTION_LOG_QUEUE: '0' })).toThrow(/CAIRN_PREDICTION_LOG_QUEUE/);
    expect(() => loadConfig({ CAIRN_PORT: 'http' })).toThrow(/CAIRN_PORT/);
  });
});
