import { describe, expect, it } from 'vitest';
import { artifactPathFromUrl, artifactRootOfUri, checkArtifactPath } from '../../../src/domain/artifacts/artifact-path.js';

describe('checkArtifactPath', () => {
  it('accepts canonical relative paths, including spaces, unicode and dots inside names', () => {
    for (const path of ['a', '0/abc/artifacts/model/MLmodel', 'dir/my file.txt', 'données/été.csv', '.hidden/..data', 'a/b.tar.gz', '100%.txt']) {
      expect(checkArtifactPath(path)).toBe(path);
    }
  });

  it.each([
    ['a/../b', "'..' segments"],
    ['..', "'..' segments"],
    ['a/./b', "'.' segments"],
    ['/etc/passwd', 'absolute'],
    ['C:/windows', 'drive letters'],
    ['a\\..\\b', 'backslashes'],
    ['a//b', 'empty segments'],
    ['a/b/', 'empty segments'],
    ['a\u0000b', 'control characters'],
    ['a\nb', 'control characters'],
    ['a/%2e%2e/b', 'encoded'],
    ['a%2Fb', 'encoded'],
    ['a%5cb', 'encoded'],
    ['a%00', 'encoded'],
  ])('rejects %j (%s) as INVALID_ARGUMENT', (path, why) => {
    expect(() => checkArtifactPath(path)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(why) }));
  });

  it('rejects the empty path unless the root is allowed', () => {
    expect(() => checkArtifactPath('')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(checkArtifactPath('', { allowRoot: true })).toBe('');
  });

  it('rejects over-long paths and segments, counted in UTF-8 bytes', () => {
    expect(checkArtifactPath('é'.repeat(127))).toHaveLength(127);
    expect(() => checkArtifactPath('é'.repeat(128))).toThrowError(/longer than 255 bytes/);
    expect(() => checkArtifactPath(Array.from({ length: 6 }, () => 'x'.repeat(200)).join('/'))).toThrowError(/longer than 1024 bytes/);
  });
});

describe('artifactPathFromUrl', () => {
  it('decodes percent-encoding once', () => {
    expect(artifactPathFromUrl('1/run/artifacts/my%20file%23.txt')).toBe('1/run/artifacts/my file#.txt');
  });

  it('rejects encoded separators before decoding, so they cannot pose as segments', () => {
    expect(() => artifactPathFromUrl('a%2fb')).toThrowError(/encoded separators/);
    expect(() => artifactPathFromUrl('..%2F..%2Fetc')).toThrowError(/encoded separators/);
    expect(() => artifactPathFromUrl('a%5C..')).toThrowError(/encoded separators/);
  });

  it('rejects encoded dot segments and double encoding', () => {
    expect(() => artifactPathFromUrl('a/%2e%2e/b')).toThrowError(/'\.\.' segments/);
    expect(() => artifactPathFromUrl('a/%252e%252e/b')).toThrowError(/encoded/);
  });

  it('rejects malformed percent-encoding', () => {
    expect(() => artifactPathFromUrl('a/%zz')).toThrowError(/malformed percent-encoding/);
  });
});

describe('artifactRootOfUri', () => {
  it('finds the index path of the artifact URIs this server hands out', () => {
    expect(artifactRootOfUri('mlflow-artifacts:/3/abc/artifacts')).toBe('3/abc/artifacts');
    expect(artifactRootOfUri('mlflow-artifacts://host:5000/3/abc/artifacts/')).toBe('3/abc/artifacts');
    expect(artifactRootOfUri('http://host:5000/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts')).toBe('3/abc/artifacts');
  });

  it('is undefined for artifacts stored elsewhere', () => {
    expect(artifactRootOfUri('s3://bucket/3/abc/artifacts')).toBeUndefined();
    expect(artifactRootOfUri('/tmp/mlruns/3/abc/artifacts')).toBeUndefined();
  });

  it('rejects a traversal hidden in a run URI', () => {
    expect(() => artifactRootOfUri('mlflow-artifacts:/3/../../x')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
