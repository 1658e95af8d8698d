import { describe, expect, it } from 'vitest';
import { parseExperimentFilter } from '../../../../src/domain/tracking/search/parse-experiment-filter.js';
import { invalidMessage } from './expect-invalid.js';

describe('parseExperimentFilter', () => {
  it('reads name, time and tag clauses, with or without the attributes prefix', () => {
    expect(parseExperimentFilter("name LIKE 'fraud%' AND attributes.creation_time >= 5 and attr.last_update_time < 9 AND tags.team ILIKE 'risk'")).toEqual([
      { kind: 'attribute', key: 'name', comparator: 'LIKE', value: 'fraud%' },
      { kind: 'attribute', key: 'creation_time', comparator: '>=', value: 5 },
      { kind: 'attribute', key: 'last_update_time', comparator: '<', value: 9 },
      { kind: 'tag', key: 'team', comparator: 'ILIKE', value: 'risk' },
    ]);
  });

  it('reads an empty filter as no clauses', () => {
    expect(parseExperimentFilter('')).toEqual([]);
  });

  it.each([
    ["metrics.a > 1", 'metrics cannot filter experiments'],
    ["params.a = 'x'", 'params cannot filter experiments'],
    ["datasets.name = 'x'", 'datasets cannot filter experiments'],
    ["experiment_id = '1'", "unknown attribute 'experiment_id'"],
    ["owner = 'x'", "unknown attribute 'owner'"],
    ["name IN ('a')", 'comparator IN is not allowed for name'],
    ['name > 1', 'comparator > is not allowed for name'],
    ["creation_time LIKE '1%'", 'comparator LIKE is not allowed for creation_time'],
    ["tags.a < 'x'", 'comparator < is not allowed for tags'],
    ['name = 1', 'expected a quoted string for attribute name'],
    ["last_update_time > 'x'", 'expected a number for attribute last_update_time'],
    ["name = 'a' OR name = 'b'", 'OR is not supported'],
  ])('rejects %s', (filter, message) => {
    expect(invalidMessage(() => parseExperimentFilter(filter))).toContain(message);
  });
});
