/** Longest text kept in an event's details; the change's digest still covers the whole value. */
export const detailTextLimit = 200;

/** A short field's value for `details`: itself, or its first characters and a mark when it is long. */
export function clipDetail(value: string): string {
  return value.length <= detailTextLimit ? value : `${value.slice(0, detailTextLimit)}…(${value.length} chars)`;
}
