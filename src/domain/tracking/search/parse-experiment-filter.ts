import type { ExperimentFilterClause } from './search-query.js';
import { searchError, type SearchSource } from './search-lexer.js';
import { entityLabels } from './search-identifier.js';
import {
  comparatorNotAllowed,
  expectNumber,
  expectString,
  numericComparators,
  readClauses,
  stringComparators,
  type RawClause,
} from './search-clause.js';
import { experimentAttributeTypes, resolveExperimentAttribute, searchableExperimentAttributes } from './search-attributes.js';

/**
 * Parses an experiments/search filter such as `name LIKE 'fraud%' AND tags.team = 'risk'`.
 * Throws INVALID_ARGUMENT with a message that names the problem and its position.
 */
export function parseExperimentFilter(filter: string): ExperimentFilterClause[] {
  const source: SearchSource = { label: 'filter', text: filter };
  return readClauses(source).map((clause) => toExperimentClause(source, clause));
}

function toExperimentClause(source: SearchSource, clause: RawClause): ExperimentFilterClause {
  const { entity, key: name, text, position } = clause.identifier;
  if (entity === 'tag') {
    if (!stringComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, 'tags', stringComparators);
    return { kind: 'tag', key: name, comparator: clause.comparator, value: expectString(source, clause, `tag '${name}'`) };
  }
  if (entity !== 'attribute') {
    throw searchError(source, `${entityLabels[entity]} cannot filter experiments (${text} at position ${position}); use name, creation_time, last_update_time or tags.<key>`);
  }
  const key = resolveExperimentAttribute(name);
  if (key === undefined || !searchableExperimentAttributes.includes(key)) {
    throw searchError(source, `unknown attribute '${name}' at position ${position}; experiments can be filtered by name, creation_time, last_update_time or tags.<key>`);
  }
  if (experimentAttributeTypes[key] === 'number') {
    if (!numericComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, `${text} (a time in milliseconds)`, numericComparators);
    return { kind: 'attribute', key, comparator: clause.comparator, value: expectNumber(source, clause, `attribute ${key}`) };
  }
  if (!stringComparators.includes(clause.comparator)) throw comparatorNotAllowed(source, clause, text, stringComparators);
  return { kind: 'attribute', key, comparator: clause.comparator, value: expectString(source, clause, `attribute ${key}`) };
}
