import { CronExpressionParser } from 'cron-parser';
import { invalidArgument } from '../errors.js';

/** Throws INVALID_ARGUMENT when cron-parser cannot read `schedule` (5 fields, or 6 with seconds first; UTC). */
export function checkSchedule(schedule: string): void {
  try {
    CronExpressionParser.parse(schedule, { tz: 'UTC' });
  } catch (error) {
    throw invalidArgument(`monitor schedule: '${schedule}' is not a valid cron expression (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * The scheduled times in (after, now], oldest first, at most `max` (the newest ones: a long
 * outage is not replayed time by time). Without `after` (a scheduler that just started) only the
 * latest due time, so a restart never runs a missed schedule more than once.
 */
export function dueTimes(schedule: string, after: number | null, now: number, max: number): number[] {
  // prev() answers strictly before the current date; +1 ms makes a time equal to `now` due.
  const expression = CronExpressionParser.parse(schedule, { currentDate: new Date(now + 1), tz: 'UTC' });
  const out: number[] = [];
  const limit = after === null ? 1 : max;
  while (out.length < limit) {
    let time: number;
    try {
      time = expression.prev().getTime();
    } catch {
      break; // no earlier occurrence at all
    }
    if (after !== null && time <= after) break;
    out.push(time);
  }
  return out.reverse();
}
