import type { DatasetField, RunFilterClause } from './search-query.js';
import type { SearchSource } from './search-lexer.js';
import { searchError } from './search-lexer.js';
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
} from './search-clause.js';
import { resolveRunAttribute, runAttributeNames, runAttributeTypes } from './search-attributes.js';

const datasetFields: readonly DatasetField[] = ['name', 'digest', 'context'];

/**
 * Parses a runs/search filter such as `metrics.acc > 0.9 AND params.model = 'cnn'`.
 * Throws INVALID_ARGUMENT with a message that names the problem and its position.
 */
export function parseRunFilter(filter: string): RunFilterClause[] {
  const source: SearchSource = { label: 'filter', text: filter };
  return readClauses(source).map((clause) => toRunClause(source, clause));
}

function toRunClause(source: SearchSource, clause: RawClause): RunFilterClause {
  const { entity, key, text } = clause.identifier;
  switch (entity) {
    case 'metric': {
      const subject = `metric '${key}'`;
      if (!numericComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, 'metrics', numericComparators);
      return { kind: 'metric', key, comparator: clause.comparator, value: expectNumber(source, clause, subject) };
    }
    case 'param':
    case 'tag': {
      const label = entity === 'param' ? 'params' : 'tags';
      if (!stringComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, label, stringComparators);
      return { kind: entity, key, comparator: clause.comparator, value: expectString(source, clause, `${entity} '${key}'`) };
    }
    case 'dataset': {
      const field = datasetFields.find((f) => f === key.toLowerCase());
      if (field === undefined) {
        throw searchError(source, `unknown dataset field '${key}' in ${text} at position ${clause.identifier.position}; use datasets.name, datasets.digest or datasets.context`);
      }
      if (!listComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, 'datasets', listComparators);
      return { kind: 'dataset', key: field, comparator: clause.comparator, value: expectStringOrList(source, clause, `dataset ${field}`) };
    }
    case 'attribute':
      return toAttributeClause(source, clause);
  }
}

function toAttributeClause(source: SearchSource, clause: RawClause): RunFilterClause {
  const { key: name, text, position } = clause.identifier;
  const key = resolveRunAttribute(name);
  if (key === undefined) {
    throw searchError(source, `unknown attribute '${name}' at position ${position}; searchable attributes are ${runAttributeNames} (or use metrics., params., tags., datasets.)`);
  }
  const subject = `attribute ${key}`;
  if (runAttributeTypes[key] === 'number') {
    if (!numericComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, `${text} (a time in milliseconds)`, numericComparators);
    return { kind: 'attribute', key, comparator: clause.comparator, value: expectNumber(source, clause, subject) };
  }
  // MLflow only lets run_id take a list; the other text attributes compare with one value.
  const allowed = key === 'run_id' ? listComparators : stringComparators;
  if (!allowed.includes(clause.comparator)) {
    const only = clause.comparator === 'IN' || clause.comparator === 'NOT IN' ? `; ${clause.comparator} is only supported for run_id` : '';
    throw searchError(
      source,
      `comparator ${clause.comparator} is not allowed for ${text} (position ${clause.comparatorPosition}); use ${allowed.join(', ')}${only}`,
    );
  }
  return { kind: 'attribute', key, comparator: clause.comparator, value: expectStringOrList(source, clause, subject) };
}
