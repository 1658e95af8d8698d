import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/domain/errors.js';
import { actionMatches, validateEventPatterns, validateWebhookUrl } from '../../../src/domain/webhooks/webhook-patterns.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof CairnError ? error.code : 'not a CairnError';
  }
}

describe('webhook action patterns', () => {
  it('match a whole family, a sub-family, an exact action or everything', () => {
    expect(actionMatches('model.*', 'model.create')).toBe(true);
    expect(actionMatches('model.*', 'model.alias.set')).toBe(true);
    expect(actionMatches('model.*', 'model_version.create')).toBe(false);
    expect(actionMatches('model.*', 'model')).toBe(false);
    expect(actionMatches('model.alias.*', 'model.alias.delete')).toBe(true);
    expect(actionMatches('model.alias.*', 'model.create')).toBe(false);
    expect(actionMatches('promotion.approve', 'promotion.approve')).toBe(true);
    expect(actionMatches('promotion.approve', 'promotion.reject')).toBe(false);
    expect(actionMatches('*', 'run.log')).toBe(true);
  });

  it('accept known families and drop duplicates', () => {
    expect(validateEventPatterns(['model.*', 'promotion.approve', 'model.*', '*'])).toEqual(['model.*', 'promotion.approve', '*']);
  });

  it.each([[[]], [['models.*']], [['model']], [['*.create']], [['model.*.set']], [['model.']], [['Model.*']], [['user.*']], [['model.**']]])(
    'refuse %j with INVALID_ARGUMENT',
    (patterns) => {
      expect(codeOf(() => validateEventPatterns(patterns))).toBe('INVALID_ARGUMENT');
    },
  );

  it('accept deployment events, so deployment changes can be subscribed to', () => {
    expect(validateEventPatterns(['deployment.*', 'deployment.rollback'])).toEqual(['deployment.*', 'deployment.rollback']);
    expect(actionMatches('deployment.*', 'deployment.update')).toBe(true);
    expect(actionMatches('deployment.rollback', 'deployment.update')).toBe(false);
  });

  it('refuse more patterns than the limit', () => {
    expect(codeOf(() => validateEventPatterns(Array.from({ length: 21 }, (_, i) => `model.v${'x'.repeat(i)}`)))).toBe('INVALID_ARGUMENT');
  });
});

describe('webhook receiver URLs', () => {
  it('accept http and https URLs, normalised', () => {
    expect(validateWebhookUrl('https://Hooks.Example.com/cairn?team=risk')).toBe('https://hooks.example.com/cairn?team=risk');
    expect(validateWebhookUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
  });

  it.each(['', 'hooks.example.com/cairn', 'ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'https://u:p@example.com/', 'https://example.com/#x', `https://example.com/${'a'.repeat(2000)}`])(
    'refuse %j with INVALID_ARGUMENT',
    (url) => {
      expect(codeOf(() => validateWebhookUrl(url))).toBe('INVALID_ARGUMENT');
    },
  );
});
