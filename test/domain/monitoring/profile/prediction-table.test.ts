import { describe, expect, it } from 'vitest';
import type { LoggedTensor } from '../../../../src/domain/predictions/prediction.js';
import { predictionRawTable, predictionTable, tensorColumnNames } from '../../../../src/domain/monitoring/profile/prediction-table.js';
import type { SketchLayout } from '../../../../src/domain/monitoring/profile/sketch-layout.js';

const t = (name: string, shape: number[], data: LoggedTensor['data'], datatype = 'FP32'): LoggedTensor => ({ name, datatype, shape, data });

const layout: SketchLayout = {
  version: 1,
  columns: [
    { name: 'a', type: 'numerical', edges: [0, 1], shift: 0, discrete: false },
    { name: 'b', type: 'numerical', edges: [0, 1], shift: 0, discrete: false },
    { name: 'label', type: 'categorical', categories: ['0', '1'] },
    { name: 'probability[1]', type: 'numerical', edges: [0, 1], shift: 0, discrete: false },
    { name: 'absent', type: 'numerical', edges: [0, 1], shift: 0, discrete: false },
  ],
};

describe('tensorColumnNames', () => {
  it('names a column tensor after itself and a matrix by index, unless features name them', () => {
    expect(tensorColumnNames({ name: 'x', shape: [3] })).toEqual(['x']);
    expect(tensorColumnNames({ name: 'x', shape: [3, 1] })).toEqual(['x']);
    expect(tensorColumnNames({ name: 'x', shape: [3, 2, 2] })).toEqual(['x[0]', 'x[1]', 'x[2]', 'x[3]']);
    expect(tensorColumnNames({ name: 'x', shape: [3, 3] }, ['a', 'b'])).toEqual(['a', 'b', 'x[2]']);
  });
});

describe('predictionTable', () => {
  it('makes one row per request row, inputs named by features and outputs by tensor', () => {
    const records = [
      { inputs: [t('x', [2, 2], [0.1, 0.2, 0.3, 0.4])], outputs: [t('label', [2], [1, 0], 'INT64'), t('probability', [2, 2], [0.1, 0.9, 0.8, 0.2])] },
      { inputs: [t('x', [1, 2], [0.5, '7'])], outputs: [t('label', [1], [true], 'BOOL'), t('probability', [1, 2], [0.4, 0.6])] },
    ];
    const table = predictionTable(records, layout, ['a', 'b']);
    expect(table.rows).toBe(3);
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'b', 'label', 'probability[1]', 'absent']);
    const [a, b, label, p1, absent] = table.columns;
    expect(a?.type === 'numerical' && Array.from(a.values)).toEqual([0.1, 0.3, 0.5]);
    expect(b?.type === 'numerical' && Array.from(b.values)).toEqual([0.2, 0.4, 7]);
    expect(label?.type === 'categorical' && Array.from(label.codes).map((c) => label.categories[c])).toEqual(['1', '0', 'true']);
    expect(p1?.type === 'numerical' && Array.from(p1.values)).toEqual([0.9, 0.2, 0.6]);
    expect(absent?.type === 'numerical' && Array.from(absent.values).every(Number.isNaN)).toBe(true);
  });

  it('leaves cells missing where a tensor has fewer rows or values, or text that is no number', () => {
    const records = [{ inputs: [t('a', [3], [1, 'x'])], outputs: [t('label', [1], [1])] }];
    const table = predictionTable(records, layout);
    const [a, , label] = table.columns;
    expect(table.rows).toBe(3);
    expect(a?.type === 'numerical' && Array.from(a.values)).toEqual([1, NaN, NaN]);
    expect(label?.type === 'categorical' && Array.from(label.codes)).toEqual([0, -1, -1]);
  });

  it('answers an empty table for no records', () => {
    const table = predictionTable([], layout);
    expect(table.rows).toBe(0);
    expect(table.columns).toHaveLength(5);
  });
});

describe('predictionRawTable', () => {
  it('collects every column in first-seen order with its kind from the datatype, and reads unsafe INT64 text as numbers', () => {
    const records = [
      { inputs: [t('x', [1, 2], [1, 2])], outputs: [t('y', [1], ['9007199254740993'], 'INT64')] },
      { inputs: [t('x', [1, 2], [3, 4]), t('extra', [1], ['s'], 'BYTES')], outputs: [] },
    ];
    expect(predictionRawTable(records)).toEqual({
      rows: 2,
      columns: [
        { name: 'x[0]', values: [1, 3], kind: 'float' },
        { name: 'x[1]', values: [2, 4], kind: 'float' },
        { name: 'y', values: [9007199254740992, null], kind: 'integer' },
        { name: 'extra', values: [null, 's'], kind: 'string' },
      ],
    });
  });
});
