/**
 * Readable names for runs created without one, shaped like MLflow's (`adjective-noun-number`) so
 * users recognise them. The word lists are our own.
 */
const adjectives = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'daring', 'eager', 'fancy',
  'gentle', 'glad', 'golden', 'hidden', 'honest', 'humble', 'jolly', 'keen', 'kind', 'lively',
  'lucky', 'merry', 'mighty', 'nimble', 'noble', 'patient', 'polite', 'proud', 'quiet', 'rapid',
  'rare', 'silent', 'smooth', 'steady', 'sunny', 'swift', 'tidy', 'vivid', 'warm', 'wise',
];

const nouns = [
  'badger', 'beacon', 'birch', 'brook', 'canyon', 'cedar', 'comet', 'crane', 'delta', 'dune',
  'falcon', 'fern', 'fjord', 'glacier', 'harbor', 'heron', 'island', 'lark', 'lynx', 'maple',
  'meadow', 'mesa', 'moth', 'orbit', 'otter', 'owl', 'pebble', 'pine', 'quartz', 'raven',
  'reef', 'ridge', 'river', 'sparrow', 'summit', 'tide', 'trail', 'valley', 'willow', 'wren',
];

/** `random` returns a number in [0, 1), like Math.random; injected so tests can pin names. */
export function generateRunName(random: () => number = Math.random): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return `${pick(adjectives)}-${pick(nouns)}-${Math.floor(random() * 1000)}`;
}
