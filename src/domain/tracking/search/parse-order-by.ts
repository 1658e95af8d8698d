import type { ExperimentAttribute, OrderBy, RunOrderKey } from './search-query.js';
import { TokenStream, type SearchSource } from './search-lexer.js';
import { entityLabels, readIdentifier, type Identifier } from './search-identifier.js';
import { resolveExperimentAttribute, resolveRunAttribute, runAttributeNames } from './search-attributes.js';

/**
 * Parses runs/search order_by items (`metrics.rmse DESC`, `params.lr`, `created`) and appends
 * MLflow's tie-breaks: start_time DESC (unless already ordered by it), then run_id ascending.
 */
export function parseRunOrderBy(items: readonly string[]): OrderBy<RunOrderKey>[] {
  return withRunTieBreaks(nonBlank(items).map((item) => parseItem(item, toRunKey)));
}

/**
 * Parses experiments/search order_by items (`name`, `creation_time DESC`). Without any, experiments
 * come most recently updated first; experiment_id DESC breaks ties.
 */
export function parseExperimentOrderBy(items: readonly string[]): OrderBy<ExperimentAttribute>[] {
  return withExperimentTieBreaks(nonBlank(items).map((item) => parseItem(item, toExperimentKey)));
}

export function withRunTieBreaks(orderBy: readonly OrderBy<RunOrderKey>[]): OrderBy<RunOrderKey>[] {
  const has = (key: string) => orderBy.some((o) => o.key.kind === 'attribute' && o.key.key === key);
  const result = [...orderBy];
  if (!has('start_time')) result.push({ key: { kind: 'attribute', key: 'start_time' }, ascending: false });
  if (!has('run_id')) result.push({ key: { kind: 'attribute', key: 'run_id' }, ascending: true });
  return result;
}

export function withExperimentTieBreaks(orderBy: readonly OrderBy<ExperimentAttribute>[]): OrderBy<ExperimentAttribute>[] {
  const result: OrderBy<ExperimentAttribute>[] = orderBy.length > 0 ? [...orderBy] : [{ key: 'last_update_time', ascending: false }];
  if (!result.some((o) => o.key === 'experiment_id')) result.push({ key: 'experiment_id', ascending: false });
  return result;
}

function nonBlank(items: readonly string[]): string[] {
  return items.filter((item) => item.trim() !== '');
}

type KeyResolver<K> = (identifier: Identifier, stream: TokenStream) => K;

function parseItem<K>(item: string, resolve: KeyResolver<K>): OrderBy<K> {
  const source: SearchSource = { label: 'order_by', text: item };
  const stream = TokenStream.of(source);
  const key = resolve(readIdentifier(stream, 'a column such as metrics.rmse or start_time'), stream);
  let ascending = true;
  if (stream.acceptKeyword('DESC')) ascending = false;
  else stream.acceptKeyword('ASC');
  if (!stream.atEnd()) throw stream.unexpected(stream.peek(), 'ASC, DESC or the end of the order_by item');
  return { key, ascending };
}

function toRunKey(identifier: Identifier, stream: TokenStream): RunOrderKey {
  const { entity, key, text, position } = identifier;
  if (entity === 'metric' || entity === 'param' || entity === 'tag') return { kind: entity, key };
  if (entity === 'dataset') {
    throw stream.fail(`runs cannot be ordered by ${entityLabels[entity]} (${text} at position ${position}); use metrics., params., tags. or an attribute`);
  }
  const attribute = resolveRunAttribute(key);
  if (attribute === undefined) {
    throw stream.fail(`unknown attribute '${key}' at position ${position}; runs can be ordered by ${runAttributeNames}, metrics., params. or tags.`);
  }
  return { kind: 'attribute', key: attribute };
}

function toExperimentKey(identifier: Identifier, stream: TokenStream): ExperimentAttribute {
  const { entity, key, text, position } = identifier;
  const attribute = entity === 'attribute' ? resolveExperimentAttribute(key) : undefined;
  if (attribute === undefined) {
    throw stream.fail(`experiments cannot be ordered by ${text} (position ${position}); use name, experiment_id, creation_time or last_update_time`);
  }
  return attribute;
}
