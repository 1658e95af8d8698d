import { describe, expect, it } from 'vitest';
import { parseExperimentOrderBy, parseRunOrderBy } from '../../../../src/domain/tracking/search/parse-order-by.js';
import { invalidMessage } from './expect-invalid.js';

const startTimeDesc = { key: { kind: 'attribute', key: 'start_time' }, ascending: false };
const runIdAsc = { key: { kind: 'attribute', key: 'run_id' }, ascending: true };

describe('parseRunOrderBy', () => {
  it('orders newest first, then by run id, when nothing is asked', () => {
    expect(parseRunOrderBy([])).toEqual([startTimeDesc, runIdAsc]);
    expect(parseRunOrderBy(['', '  '])).toEqual([startTimeDesc, runIdAsc]);
  });

  it('reads metrics, params, tags and attributes, ascending unless DESC, and appends the tie-breaks', () => {
    expect(parseRunOrderBy(['metrics.rmse DESC', 'params.lr', 'tags."my tag" asc', 'attributes.run_name desc'])).toEqual([
      { key: { kind: 'metric', key: 'rmse' }, ascending: false },
      { key: { kind: 'param', key: 'lr' }, ascending: true },
      { key: { kind: 'tag', key: 'my tag' }, ascending: true },
      { key: { kind: 'attribute', key: 'run_name' }, ascending: false },
      startTimeDesc,
      runIdAsc,
    ]);
  });

  it('does not repeat a tie-break the caller already orders by', () => {
    expect(parseRunOrderBy(['created ASC'])).toEqual([{ key: { kind: 'attribute', key: 'start_time' }, ascending: true }, runIdAsc]);
    expect(parseRunOrderBy(['run_id DESC'])).toEqual([{ key: { kind: 'attribute', key: 'run_id' }, ascending: false }, startTimeDesc]);
  });

  it.each(['run_id', 'run_name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri'])('orders by the attribute %s', (name) => {
    expect(parseRunOrderBy([name])[0]).toEqual({ key: { kind: 'attribute', key: name }, ascending: true });
  });

  it.each([
    ['metrics.rmse DESCENDING', "unexpected 'DESCENDING' at position 13; expected ASC, DESC or the end"],
    ['metrics.rmse DESC ASC', "unexpected 'ASC' at position 18"],
    ['datasets.name', 'runs cannot be ordered by datasets'],
    ['nope', "unknown attribute 'nope'"],
    ['foo.bar', "unknown entity 'foo'"],
    ['DESC', "unexpected 'DESC' at position 0"],
  ])('rejects %s', (item, message) => {
    const text = invalidMessage(() => parseRunOrderBy([item]));
    expect(text).toContain(`Invalid order_by '${item}'`);
    expect(text).toContain(message);
  });
});

describe('parseExperimentOrderBy', () => {
  it('orders by last update, newest first, when nothing is asked; experiment_id DESC breaks ties', () => {
    expect(parseExperimentOrderBy([])).toEqual([
      { key: 'last_update_time', ascending: false },
      { key: 'experiment_id', ascending: false },
    ]);
  });

  it('reads the four orderable attributes', () => {
    expect(parseExperimentOrderBy(['name', 'attributes.creation_time DESC', 'last_update_time asc', 'experiment_id'])).toEqual([
      { key: 'name', ascending: true },
      { key: 'creation_time', ascending: false },
      { key: 'last_update_time', ascending: true },
      { key: 'experiment_id', ascending: true },
    ]);
  });

  it.each(['tags.team', 'metrics.a', 'owner'])('rejects %s', (item) => {
    expect(invalidMessage(() => parseExperimentOrderBy([item]))).toContain(`experiments cannot be ordered by ${item}`);
  });
});
