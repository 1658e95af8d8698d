import type { Comparator } from './search-query.js';
import type { CairnError } from '../../errors.js';
import { describeToken, isKeyword, searchError, TokenStream, type SearchSource } from './search-lexer.js';
import { readIdentifier, type Identifier } from './search-identifier.js';

export type RawValue =
  | { kind: 'string'; value: string; position: number; text: string }
  | { kind: 'number'; value: number; position: number; text: string }
  | { kind: 'list'; values: string[]; position: number; text: string };

/** One `<identifier> <comparator> <value>` clause before entity-specific checks. */
export interface RawClause {
  identifier: Identifier;
  comparator: Comparator;
  comparatorPosition: number;
  value: RawValue;
}

export const numericComparators: readonly Comparator[] = ['=', '!=', '>', '>=', '<', '<='];
export const stringComparators: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
export const listComparators: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

const identifierHint = 'an identifier such as metrics.accuracy';

/** Splits a whole filter into clauses joined by AND. An empty or blank filter has no clauses. */
export function readClauses(source: SearchSource): RawClause[] {
  const stream = TokenStream.of(source);
  const clauses: RawClause[] = [];
  if (stream.atEnd()) return clauses;
  for (;;) {
    const start = stream.peek();
    if (start.kind === 'punct' && start.text === '(') {
      throw stream.fail(`parentheses are only allowed around an IN list (position ${start.position})`);
    }
    clauses.push(readClause(stream));
    const after = stream.next();
    if (after.kind === 'end') return clauses;
    if (isKeyword(after, 'AND')) continue;
    if (isKeyword(after, 'OR')) throw stream.fail(`OR is not supported (position ${after.position}); clauses can only be joined with AND`);
    throw stream.unexpected(after, 'AND or the end of the filter');
  }
}

function readClause(stream: TokenStream): RawClause {
  const identifier = readIdentifier(stream, identifierHint);
  const { comparator, position } = readComparator(stream);
  const value = comparator === 'IN' || comparator === 'NOT IN' ? readList(stream, comparator) : readScalar(stream, comparator);
  return { identifier, comparator, comparatorPosition: position, value };
}

function readComparator(stream: TokenStream): { comparator: Comparator; position: number } {
  const token = stream.next();
  const expected = 'a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN)';
  if (token.kind === 'op') return { comparator: token.text, position: token.position };
  if (token.kind === 'word') {
    const word = token.text.toUpperCase();
    if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return { comparator: word, position: token.position };
    if (word === 'NOT') {
      const next = stream.next();
      if (isKeyword(next, 'IN')) return { comparator: 'NOT IN', position: token.position };
      throw stream.unexpected(next, "IN after NOT (NOT LIKE is not supported; there is only 'NOT IN')");
    }
  }
  throw stream.unexpected(token, expected);
}

function readScalar(stream: TokenStream, comparator: Comparator): RawValue {
  const token = stream.next();
  const text = stream.source.text.slice(token.position, token.end);
  if (token.kind === 'quoted') return { kind: 'string', value: token.text, position: token.position, text };
  if (token.kind === 'number') return { kind: 'number', value: token.value, position: token.position, text };
  if (token.kind === 'punct' && token.text === '(') {
    throw stream.fail(`a list of values (position ${token.position}) is only allowed after IN or NOT IN, not after ${comparator}`);
  }
  throw stream.unexpected(token, `a value after ${comparator}: a 'quoted string' or a number`);
}

/** Keeps one query's bind parameters well inside SQLite's limit (32,766). */
export const maxListValues = 10_000;

function readList(stream: TokenStream, comparator: Comparator): RawValue {
  const open = stream.next();
  if (open.kind !== 'punct' || open.text !== '(') {
    throw stream.unexpected(open, `a parenthesised list after ${comparator}, e.g. ('a', 'b')`);
  }
  const values: string[] = [];
  for (;;) {
    const item = stream.next();
    if (item.kind === 'punct' && item.text === ')' && values.length === 0) {
      throw stream.fail(`empty list at position ${open.position}; ${comparator} needs at least one value`);
    }
    if (item.kind !== 'quoted') {
      if (item.kind === 'number') {
        throw stream.fail(`unexpected ${describeToken(item)} at position ${item.position}; list values must be quoted strings, e.g. '${item.text}'`);
      }
      throw stream.unexpected(item, 'a quoted string');
    }
    values.push(item.text);
    if (values.length > maxListValues) throw stream.fail(`the list at position ${open.position} has more than ${maxListValues} values`);
    const separator = stream.next();
    if (separator.kind === 'punct' && separator.text === ')') {
      return { kind: 'list', values, position: open.position, text: stream.source.text.slice(open.position, separator.end) };
    }
    if (separator.kind !== 'punct' || separator.text !== ',') throw stream.unexpected(separator, "',' or ')'");
  }
}

/** Shared wording for "this entity cannot use that comparator". */
export function comparatorNotAllowed(source: SearchSource, clause: RawClause, subject: string, allowed: readonly Comparator[]): CairnError {
  return searchError(
    source,
    `comparator ${clause.comparator} is not allowed for ${subject} (position ${clause.comparatorPosition}); use ${allowed.join(', ')}`,
  );
}

/** The value as a string, or an error that says a quoted string was expected. */
export function expectString(source: SearchSource, clause: RawClause, subject: string): string {
  const value = clause.value;
  if (value.kind === 'string') return value.value;
  const hint = value.kind === 'number' ? `; write '${value.text}'` : '';
  throw searchError(source, `expected a quoted string for ${subject} at position ${value.position}, found ${value.text}${hint}`);
}

export function expectNumber(source: SearchSource, clause: RawClause, subject: string): number {
  const value = clause.value;
  if (value.kind === 'number') return value.value;
  throw searchError(source, `expected a number for ${subject} at position ${value.position}, found ${value.text}`);
}

/** A scalar string or, after IN / NOT IN, the list. */
export function expectStringOrList(source: SearchSource, clause: RawClause, subject: string): string | string[] {
  return clause.value.kind === 'list' ? clause.value.values : expectString(source, clause, subject);
}
