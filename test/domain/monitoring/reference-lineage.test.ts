import { describe, expect, it } from 'vitest';
import { datasetUri } from '../../../src/domain/monitoring/reference-lineage.js';

describe('datasetUri', () => {
  it('reads the URI out of the JSON source MLflow clients log, or takes plain text as it is', () => {
    expect(datasetUri({ source: '{"uri": "runs:/abc/data/train.csv"}' })).toBe('runs:/abc/data/train.csv');
    expect(datasetUri({ source: '{"url": "https://example.com/train.csv"}' })).toBe('https://example.com/train.csv');
    expect(datasetUri({ source: '{"path": "/home/me/train.parquet"}' })).toBe('/home/me/train.parquet');
    expect(datasetUri({ source: 'mlflow-artifacts:/1/abc/artifacts/train.csv' })).toBe('mlflow-artifacts:/1/abc/artifacts/train.csv');
  });

  it('answers null for an empty source or JSON naming no location', () => {
    expect(datasetUri({ source: '' })).toBeNull();
    expect(datasetUri({ source: '{"tags": {}}' })).toBeNull();
    expect(datasetUri({ source: '{not json' })).toBe('{not json');
  });
});
