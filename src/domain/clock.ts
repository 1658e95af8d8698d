/** Source of the current time (epoch milliseconds); injected so tests can fix time. */
export interface Clock {
  now(): number;
}
