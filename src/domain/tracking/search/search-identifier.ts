import type { TokenStream } from './search-lexer.js';

export type EntityType = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

export interface Identifier {
  entity: EntityType;
  key: string;
  /** Where the identifier starts in the source, and how the user wrote it. */
  position: number;
  text: string;
}

const prefixes: Record<string, EntityType> = {
  metrics: 'metric',
  metric: 'metric',
  params: 'param',
  param: 'param',
  parameters: 'param',
  parameter: 'param',
  tags: 'tag',
  tag: 'tag',
  attributes: 'attribute',
  attribute: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  datasets: 'dataset',
  dataset: 'dataset',
};

export const entityLabels: Record<EntityType, string> = {
  metric: 'metrics',
  param: 'params',
  tag: 'tags',
  attribute: 'attributes',
  dataset: 'datasets',
};

const reservedWords = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'ASC', 'DESC', 'IS', 'NULL']);

/**
 * Reads `<prefix>.<key>`, `<prefix>."quoted key"`, a bare attribute name or a quoted attribute
 * name ("run name"). Prefixes are matched in any letter case, keys exactly as written.
 */
export function readIdentifier(stream: TokenStream, what: string): Identifier {
  const token = stream.next();
  if (token.kind === 'quoted') {
    if (token.quote === "'") {
      throw stream.fail(`unexpected string '${token.text}' at position ${token.position}; quote names with " or \`, not '`);
    }
    return { entity: 'attribute', key: token.text, position: token.position, text: stream.source.text.slice(token.position, token.end) };
  }
  if (token.kind !== 'word' || reservedWords.has(token.text.toUpperCase())) throw stream.unexpected(token, what);

  const dot = token.text.indexOf('.');
  if (dot < 0) return { entity: 'attribute', key: token.text, position: token.position, text: token.text };

  const prefix = token.text.slice(0, dot);
  const entity = prefixes[prefix.toLowerCase()];
  if (entity === undefined) {
    throw stream.fail(
      `unknown entity '${prefix}' at position ${token.position}; expected metrics, params, tags, attributes or datasets before the '.'`,
    );
  }
  let key = token.text.slice(dot + 1);
  let end = token.end;
  if (key === '') {
    const quoted = stream.peek();
    if (quoted.kind !== 'quoted' || quoted.quote === "'") {
      throw stream.fail(`missing key after '${token.text}' at position ${token.end}; write e.g. ${prefix}.name or ${prefix}."name with spaces"`);
    }
    stream.next();
    key = quoted.text;
    end = quoted.end;
  }
  if (key === '') throw stream.fail(`empty key at position ${token.end}`);
  return { entity, key, position: token.position, text: stream.source.text.slice(token.position, end) };
}
