import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../../src/domain/registry/model-files.js';
import { columns, matrix } from './tabular-signatures.js';
import { CsvBody, parseCsvInvocation } from '../../../src/domain/serving/csv-invocations.js';
import { parseInvocationRequest } from '../../../src/domain/serving/invocations-codec.js';
import { refusal } from './refusal.js';

const csv = (text: string, signature: ModelSignature) => parseCsvInvocation(new CsvBody(text), signature);

describe('CSV /invocations bodies', () => {
  it('stacks the columns of a header-row CSV into the one 2-D input, reading numbers', () => {
    const [input] = csv('a,b,c\r\n1,2.5,-3\n4,5,6e-1\n\n', matrix);
    expect(input).toMatchObject({ name: 'float_input', datatype: 'FP32', shape: [2, 3] });
    expect([...(input?.data as Float32Array)]).toEqual([1, 2.5, -3, 4, 5, Math.fround(0.6)]);
  });

  it('reads each column as the datatype of the input it feeds, with quoted text kept whole', () => {
    const tensors = csv('city,age,visits,member\n"Paris, FR",31.5,9007199254740993,true\n"say ""hi""\nthere",,2,0\n', columns);
    const byName = Object.fromEntries(tensors.map((t) => [t.name, t.data]));
    expect(byName['city']).toEqual(['Paris, FR', 'say "hi"\nthere']);
    expect([...(byName['age'] as Float64Array)]).toEqual([31.5, Number.NaN]);
    expect([...(byName['visits'] as BigInt64Array)]).toEqual([9007199254740993n, 2n]);
    expect([...(byName['member'] as Uint8Array)]).toEqual([1, 0]);
  });

  it('is what parseInvocationRequest reads when the HTTP layer hands it a CSV body', () => {
    expect(parseInvocationRequest(new CsvBody('a,b,c\n1,2,3\n'), matrix)).toMatchObject({ format: 'csv', params: {}, inputs: [{ shape: [1, 3] }] });
  });

  it('refuses ragged rows, an empty body, an unclosed quote and text in a number column, naming what is wrong', () => {
    expect(refusal(() => csv('a,b,c\n1,2\n', matrix))).toContain('CSV row 1 has 2 fields; the header has 3');
    expect(refusal(() => csv('', matrix))).toContain('header row');
    expect(refusal(() => csv('a,b,c\n"1,2,3\n', matrix))).toContain('quoted field');
    expect(refusal(() => csv('a,b,c\n1,two,3\n', matrix))).toMatch(/'float_input'.*"two"/);
    expect(refusal(() => csv('city,age,visits,member\nx,1,2,maybe\n', columns))).toContain("'member'");
  });
});
