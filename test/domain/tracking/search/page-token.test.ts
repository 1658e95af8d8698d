import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken } from '../../../../src/domain/tracking/search/page-token.js';
import { invalidMessage } from './expect-invalid.js';

const query = ['runs', ['1'], [{ kind: 'metric', key: 'acc', comparator: '>', value: 0.5 }], 'ACTIVE_ONLY'];

describe('page tokens', () => {
  it('round-trip the offset for the same query', () => {
    expect(decodePageToken(encodePageToken(1000, query), query)).toBe(1000);
  });

  it('mean the first page when absent or empty', () => {
    expect(decodePageToken(undefined, query)).toBe(0);
    expect(decodePageToken('', query)).toBe(0);
  });

  it('are URL-safe base64 of a JSON object with the offset', () => {
    const token = encodePageToken(7, query);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const json = JSON.parse(atob(token.replaceAll('-', '+').replaceAll('_', '/'))) as { offset: number };
    expect(json.offset).toBe(7);
  });

  it('are refused for a different query', () => {
    const token = encodePageToken(100, query);
    const other = ['runs', ['1'], [], 'ACTIVE_ONLY'];
    expect(invalidMessage(() => decodePageToken(token, other))).toContain('belongs to a different search');
  });

  it.each(['not a token', btoa('{"offset": -1, "query": "x"}'), btoa('{"offset": 1.5, "query": "x"}'), btoa('[1]'), btoa('{"offset": 3}')])(
    'are refused when malformed: %s',
    (token) => {
      expect(invalidMessage(() => decodePageToken(token, query))).toContain('it is not a token this server issued');
    },
  );
});
