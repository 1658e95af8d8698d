import type { Comparator } from '../tracking/search/search-query.js';
import { searchError, TokenStream, type SearchSource } from '../tracking/search/search-lexer.js';
import { readIdentifier } from '../tracking/search/search-identifier.js';
import {
  comparatorNotAllowed,
  expectNumber,
  expectString,
  expectStringOrList,
  listComparators,
  numericComparators,
  readClauses,
  stringComparators,
  type RawClause,
} from '../tracking/search/search-clause.js';

export type ModelFilterClause =
  | { kind: 'tag'; key: string; comparator: Comparator; value: string }
  | { kind: 'name'; comparator: Comparator; value: string };

export type VersionFilterClause =
  | { kind: 'tag'; key: string; comparator: Comparator; value: string }
  | { kind: 'text'; key: 'name' | 'run_id' | 'source_path'; comparator: Comparator; value: string | string[] }
  | { kind: 'version_number'; comparator: Comparator; value: number };

export type ModelOrderKey = 'name' | 'creation_timestamp' | 'last_updated_timestamp';
export type VersionOrderKey = 'name' | 'version_number' | 'creation_timestamp' | 'last_updated_timestamp';

export interface RegistryOrderBy<K> {
  key: K;
  ascending: boolean;
}

/** registered-models/search filter: `name` (= != LIKE ILIKE) and `tags.<key>`. */
export function parseModelFilter(filter: string): ModelFilterClause[] {
  const source: SearchSource = { label: 'filter', text: filter };
  return readClauses(source).map((clause): ModelFilterClause => {
    const { entity, key, position } = clause.identifier;
    if (entity === 'tag') return { kind: 'tag', key, comparator: stringComparator(source, clause, 'tags'), value: expectString(source, clause, `tag '${key}'`) };
    if (entity === 'attribute' && key === 'name') {
      return { kind: 'name', comparator: stringComparator(source, clause, 'name'), value: expectString(source, clause, 'name') };
    }
    throw searchError(source, `unknown identifier '${clause.identifier.text}' at position ${position}; registered models can be filtered by name or tags.<key>`);
  });
}

/** model-versions/search filter: `name`, `run_id` (also IN / NOT IN), `source_path`, `version_number`, `tags.<key>`. */
export function parseVersionFilter(filter: string): VersionFilterClause[] {
  const source: SearchSource = { label: 'filter', text: filter };
  return readClauses(source).map((clause): VersionFilterClause => {
    const { entity, key, position } = clause.identifier;
    if (entity === 'tag') return { kind: 'tag', key, comparator: stringComparator(source, clause, 'tags'), value: expectString(source, clause, `tag '${key}'`) };
    if (entity === 'attribute' && (key === 'name' || key === 'source_path')) {
      return { kind: 'text', key, comparator: stringComparator(source, clause, key), value: expectString(source, clause, key) };
    }
    if (entity === 'attribute' && key === 'run_id') {
      if (!listComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, 'run_id', listComparators);
      return { kind: 'text', key, comparator: clause.comparator, value: expectStringOrList(source, clause, 'run_id') };
    }
    if (entity === 'attribute' && key === 'version_number') {
      if (!numericComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, 'version_number', numericComparators);
      return { kind: 'version_number', comparator: clause.comparator, value: expectNumber(source, clause, 'version_number') };
    }
    throw searchError(
      source,
      `unknown identifier '${clause.identifier.text}' at position ${position}; model versions can be filtered by name, run_id, source_path, version_number or tags.<key>`,
    );
  });
}

function stringComparator(source: SearchSource, clause: RawClause, subject: string): Comparator {
  if (!stringComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, subject, stringComparators);
  return clause.comparator;
}

const modelOrderKeys: Record<string, ModelOrderKey> = {
  name: 'name',
  creation_timestamp: 'creation_timestamp',
  timestamp: 'creation_timestamp',
  last_updated_timestamp: 'last_updated_timestamp',
};
const versionOrderKeys: Record<string, VersionOrderKey> = {
  name: 'name',
  version_number: 'version_number',
  creation_timestamp: 'creation_timestamp',
  timestamp: 'creation_timestamp',
  last_updated_timestamp: 'last_updated_timestamp',
};

/** Registered models: the tie-break (and default) is name ascending. */
export function parseModelOrderBy(items: readonly string[]): RegistryOrderBy<ModelOrderKey>[] {
  const order = items.filter((i) => i.trim() !== '').map((item) => parseOrderItem(item, modelOrderKeys));
  if (!order.some((o) => o.key === 'name')) order.push({ key: 'name', ascending: true });
  return order;
}

/** Model versions: by default name ascending, then newest version first; both also break ties. */
export function parseVersionOrderBy(items: readonly string[]): RegistryOrderBy<VersionOrderKey>[] {
  const order = items.filter((i) => i.trim() !== '').map((item) => parseOrderItem(item, versionOrderKeys));
  if (!order.some((o) => o.key === 'name')) order.push({ key: 'name', ascending: true });
  if (!order.some((o) => o.key === 'version_number')) order.push({ key: 'version_number', ascending: false });
  return order;
}

function parseOrderItem<K>(item: string, keys: Record<string, K>): RegistryOrderBy<K> {
  const source: SearchSource = { label: 'order_by', text: item };
  const stream = TokenStream.of(source);
  const identifier = readIdentifier(stream, 'a column such as name or creation_timestamp');
  const key = identifier.entity === 'attribute' && Object.hasOwn(keys, identifier.key) ? keys[identifier.key] : undefined;
  if (key === undefined) {
    throw searchError(source, `cannot order by '${identifier.text}'; use one of ${Object.keys(keys).join(', ')}`);
  }
  let ascending = true;
  if (stream.acceptKeyword('DESC')) ascending = false;
  else stream.acceptKeyword('ASC');
  if (!stream.atEnd()) throw stream.unexpected(stream.peek(), 'ASC, DESC or the end of the order_by item');
  return { key, ascending };
}
