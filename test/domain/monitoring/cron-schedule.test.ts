import { describe, expect, it } from 'vitest';
import { checkSchedule, dueTimes } from '../../../src/domain/monitoring/cron-schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('cron schedules', () => {
  it('answers the latest due time only when nothing was seen before (a restart runs a missed schedule once)', () => {
    expect(dueTimes('*/5 * * * *', null, at('2026-01-01T10:17:30Z'), 10)).toEqual([at('2026-01-01T10:15:00Z')]);
  });

  it('counts a time equal to now as due', () => {
    expect(dueTimes('0 * * * *', null, at('2026-01-01T10:00:00Z'), 10)).toEqual([at('2026-01-01T10:00:00Z')]);
  });

  it('answers every time after the last one seen, oldest first, and only the newest when there are too many', () => {
    expect(dueTimes('* * * * * *', at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:03.200Z'), 10)).toEqual([1, 2, 3].map((s) => at(`2026-01-01T00:00:0${s}Z`)));
    expect(dueTimes('* * * * * *', at('2026-01-01T00:00:00Z'), at('2026-01-01T00:01:00Z'), 2)).toEqual([at('2026-01-01T00:00:59Z'), at('2026-01-01T00:01:00Z')]);
    expect(dueTimes('0 0 * * *', at('2026-01-01T00:00:00Z'), at('2026-01-01T12:00:00Z'), 10)).toEqual([]);
  });

  it('reads cron in UTC', () => {
    expect(dueTimes('30 9 * * 1', null, at('2026-01-07T00:00:00Z'), 1)).toEqual([at('2026-01-05T09:30:00Z')]);
  });

  it('refuses an expression cron-parser cannot read with INVALID_ARGUMENT', () => {
    expect(() => checkSchedule('61 * * * *')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => checkSchedule('*/15 * * * *')).not.toThrow();
  });
});
