import { describe, expect, it } from 'vitest';
import { parseRunFilter } from '../../../../src/domain/tracking/search/parse-run-filter.js';
import { invalidMessage } from './expect-invalid.js';
import { maxListValues } from '../../../../src/domain/tracking/search/search-clause.js';

describe('parseRunFilter', () => {
  it('reads an empty or blank filter as no clauses', () => {
    expect(parseRunFilter('')).toEqual([]);
    expect(parseRunFilter('   ')).toEqual([]);
  });

  it('reads metric, param, tag, attribute and dataset clauses joined by AND in any case', () => {
    expect(parseRunFilter("metrics.acc > 0.9 and params.model = 'cnn' AND tags.team LIKE 'vis%' aNd status = 'FINISHED' AND datasets.name ILIKE 'train%'")).toEqual([
      { kind: 'metric', key: 'acc', comparator: '>', value: 0.9 },
      { kind: 'param', key: 'model', comparator: '=', value: 'cnn' },
      { kind: 'tag', key: 'team', comparator: 'LIKE', value: 'vis%' },
      { kind: 'attribute', key: 'status', comparator: '=', value: 'FINISHED' },
      { kind: 'dataset', key: 'name', comparator: 'ILIKE', value: 'train%' },
    ]);
  });

  it.each([
    ['metric.a = 1', 'metric'],
    ['metrics.a = 1', 'metric'],
    ["param.a = 'x'", 'param'],
    ["params.a = 'x'", 'param'],
    ["parameter.a = 'x'", 'param'],
    ["parameters.a = 'x'", 'param'],
    ["tag.a = 'x'", 'tag'],
    ["tags.a = 'x'", 'tag'],
    ["Tags.a = 'x'", 'tag'],
    ["dataset.name = 'x'", 'dataset'],
    ["datasets.name = 'x'", 'dataset'],
  ])('accepts the prefix in %s', (filter, kind) => {
    expect(parseRunFilter(filter)[0]?.kind).toBe(kind);
  });

  it.each(['attributes', 'attribute', 'attr', 'run'])('accepts %s as the attribute prefix, and a bare name too', (prefix) => {
    expect(parseRunFilter(`${prefix}.run_id = 'abc'`)).toEqual(parseRunFilter("run_id = 'abc'"));
  });

  it('reads quoted keys with double quotes or backticks, and keys with dots, dashes and slashes', () => {
    expect(parseRunFilter('metrics."f1 score" >= 0.5 AND params.`learning rate` = \'0.1\' AND tags.mlflow.source.git-commit/x = \'y\'')).toEqual([
      { kind: 'metric', key: 'f1 score', comparator: '>=', value: 0.5 },
      { kind: 'param', key: 'learning rate', comparator: '=', value: '0.1' },
      { kind: 'tag', key: 'mlflow.source.git-commit/x', comparator: '=', value: 'y' },
    ]);
  });

  it('maps the attribute aliases created and run name', () => {
    expect(parseRunFilter('created > 5')).toEqual([{ kind: 'attribute', key: 'start_time', comparator: '>', value: 5 }]);
    expect(parseRunFilter('"run name" = \'a\' AND `Run name` = \'b\' AND attributes.run_name = \'c\'').map((c) => c.key)).toEqual([
      'run_name',
      'run_name',
      'run_name',
    ]);
  });

  it('accepts string values in single, double or back quotes, with doubled or escaped quotes inside', () => {
    expect(parseRunFilter(`tags.a = 'it''s' AND tags.b = "say ""hi""" AND tags.c = 'back\\'slash' AND tags.d = 'a\\_b'`).map((c) => c.value)).toEqual([
      "it's",
      'say "hi"',
      "back'slash",
      'a\\_b',
    ]);
  });

  it('accepts numbers with signs, decimals and exponents', () => {
    const values = parseRunFilter('metrics.a > -1 AND metrics.b < +2.5 AND metrics.c = .5 AND metrics.d >= 1e-3 AND metrics.e<=3.').map((c) => c.value);
    expect(values).toEqual([-1, 2.5, 0.5, 0.001, 3]);
  });

  it('reads every comparator, with or without spaces', () => {
    const comparators = parseRunFilter('metrics.a=1 AND metrics.a!=1 AND metrics.a>1 AND metrics.a>=1 AND metrics.a<1 AND metrics.a<=1').map((c) => c.comparator);
    expect(comparators).toEqual(['=', '!=', '>', '>=', '<', '<=']);
  });

  it('reads IN and NOT IN lists for run_id and dataset fields', () => {
    expect(parseRunFilter("run_id IN ('a', 'b') AND run_id not in ('c') AND datasets.context IN ('train') AND datasets.digest NOT IN ('x','y')")).toEqual([
      { kind: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'] },
      { kind: 'attribute', key: 'run_id', comparator: 'NOT IN', value: ['c'] },
      { kind: 'dataset', key: 'context', comparator: 'IN', value: ['train'] },
      { kind: 'dataset', key: 'digest', comparator: 'NOT IN', value: ['x', 'y'] },
    ]);
  });

  it('reads lifecycle_stage and end_time attributes', () => {
    expect(parseRunFilter("lifecycle_stage = 'deleted' AND end_time <= 10")).toEqual([
      { kind: 'attribute', key: 'lifecycle_stage', comparator: '=', value: 'deleted' },
      { kind: 'attribute', key: 'end_time', comparator: '<=', value: 10 },
    ]);
  });

  describe('rejects', () => {
    it('an unexpected character where a value belongs, naming it and its position', () => {
      expect(invalidMessage(() => parseRunFilter('metrics.acc >> 1'))).toMatch(/^Invalid filter 'metrics.acc >> 1': unexpected '>' at position 13/);
    });

    it.each([
      ['metrics.a ~ 1', "unexpected '~' at position 10"],
      ['metrics.a > 1x', "unexpected 'x' at position 13"],
      ["params.x = 'abc", 'unterminated string starting at position 11'],
      ['metrics."abc = 1', 'unterminated quoted name starting at position 8'],
    ])('characters that cannot start a token: %s', (filter, message) => {
      expect(invalidMessage(() => parseRunFilter(filter))).toContain(message);
    });

    it.each([
      ['metrics.a > 1 AND', 'unexpected end of input at position 17; expected an identifier'],
      ['metrics.a >', 'unexpected end of input at position 11; expected a value'],
      ['metrics.a', 'unexpected end of input at position 9; expected a comparator'],
      ['metrics.a 1', "unexpected '1' at position 10; expected a comparator"],
      ['metrics.a > 1 metrics.b > 2', "unexpected 'metrics.b' at position 14; expected AND"],
      ["AND metrics.a > 1", "unexpected 'AND' at position 0; expected an identifier"],
      ["'x' = 'y'", 'quote names with " or `'],
      ['metrics. > 1', "missing key after 'metrics.' at position 8"],
    ])('incomplete or misplaced parts: %s', (filter, message) => {
      expect(invalidMessage(() => parseRunFilter(filter))).toContain(message);
    });

    it.each([
      ['metrics.a > 1 OR metrics.b < 2', 'OR is not supported (position 14)'],
      ['(metrics.a > 1)', 'parentheses are only allowed around an IN list'],
      ["run_id NOT LIKE 'x'", "unexpected 'LIKE' at position 11; expected IN after NOT"],
      ['metrics.a = (1)', 'only allowed after IN or NOT IN'],
      ["run_id IN 'a'", "unexpected 'a' at position 10; expected a parenthesised list"],
      ['run_id IN ()', 'empty list at position 10'],
      ["run_id IN ('a' 'b')", "expected ',' or ')'"],
      ['run_id IN (1, 2)', "list values must be quoted strings, e.g. '1'"],
    ])('grammar SQL has but the search language does not: %s', (filter, message) => {
      expect(invalidMessage(() => parseRunFilter(filter))).toContain(message);
    });

    it('refuses an IN list longer than the limit, and takes one at the limit', () => {
      const list = (n: number) => `run_id IN (${Array.from({ length: n }, (_, i) => `'r${i}'`).join(', ')})`;
      expect(invalidMessage(() => parseRunFilter(list(maxListValues + 1)))).toContain(`has more than ${maxListValues} values`);
      expect(parseRunFilter(list(maxListValues))[0]).toMatchObject({ comparator: 'IN' });
    });

    it.each([
      ['foo.bar = 1', "unknown entity 'foo' at position 0"],
      ["nope = 'x'", "unknown attribute 'nope' at position 0"],
      ["datasets.source = 'x'", "unknown dataset field 'source'"],
    ])('unknown identifiers: %s', (filter, message) => {
      expect(invalidMessage(() => parseRunFilter(filter))).toContain(message);
    });

    it.each([
      ["metrics.a LIKE '1'", 'comparator LIKE is not allowed for metrics (position 10)'],
      ["metrics.a IN ('1')", 'comparator IN is not allowed for metrics'],
      ['params.a > 1', 'comparator > is not allowed for params'],
      ["tags.a IN ('x')", 'comparator IN is not allowed for tags'],
      ["status IN ('FINISHED')", 'IN is only supported for run_id'],
      ["run_name NOT IN ('x')", 'NOT IN is only supported for run_id'],
      ['status > 1', 'comparator > is not allowed for status'],
      ["start_time LIKE '1%'", 'comparator LIKE is not allowed for start_time'],
      ['datasets.name > 1', 'comparator > is not allowed for datasets'],
    ])('comparators the entity does not allow: %s', (filter, message) => {
      expect(invalidMessage(() => parseRunFilter(filter))).toContain(message);
    });

    it.each([
      ["metrics.acc > 'x'", "expected a number for metric 'acc' at position 14, found 'x'"],
      ['params.lr = 0.01', "expected a quoted string for param 'lr' at position 12, found 0.01; write '0.01'"],
      ['tags.t = 1', "expected a quoted string for tag 't'"],
      ["start_time > '5'", 'expected a number for attribute start_time'],
      ['run_id = 5', 'expected a quoted string for attribute run_id'],
      ['datasets.digest = 5', 'expected a quoted string for dataset digest'],
      ['metrics.a > 1e999', 'out of range'],
    ])('values of the wrong type: %s', (filter, message) => {
      expect(invalidMessage(() => parseRunFilter(filter))).toContain(message);
    });
  });
});
