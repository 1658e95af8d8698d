import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/domain/errors.js';
import { protectedDeletionGuard } from '../../../src/domain/governance/protected-aliases.js';
import { requireReady } from '../../../src/domain/registry/registry-service.js';
import type { ModelVersion } from '../../../src/domain/registry/types.js';

function refusal(work: () => unknown): CairnError {
  try {
    work();
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the deletion guard of protected aliases', () => {
  const versionGuard = protectedDeletionGuard({ model: 'fraud', project: 'risk', version: 3, protectedAliases: ['production', 'champion'] });
  const modelGuard = protectedDeletionGuard({ model: 'fraud', project: 'risk', version: undefined, protectedAliases: ['production', 'champion'] });

  it('lets a deletion through that drops no alias or only unprotected ones', () => {
    expect(() => versionGuard([])).not.toThrow();
    expect(() => versionGuard([{ alias: 'staging', version: 3 }])).not.toThrow();
    expect(() => modelGuard([{ alias: 'staging', version: 1 }])).not.toThrow();
  });

  it('refuses deleting a version that holds a protected alias with PERMISSION_DENIED, naming the promotion and the unprotect ways out', () => {
    const error = refusal(() => versionGuard([{ alias: 'staging', version: 3 }, { alias: 'production', version: 3 }]));
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toBe(
      "version 3 of model 'fraud' holds protected alias 'production' and cannot be deleted: " +
        'first move the alias to another version through a promotion request (cairn models promote fraud <version> --to production, or POST /api/v1/promotions), ' +
        "or have an admin of project 'risk' remove 'production' from its protected aliases (PATCH /api/v1/projects/risk)",
    );
  });

  it('refuses deleting a model whose versions hold protected aliases, listing each holder', () => {
    const error = refusal(() =>
      modelGuard([
        { alias: 'champion', version: 2 },
        { alias: 'production', version: 4 },
      ]),
    );
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain("model 'fraud' cannot be deleted while it holds protected aliases ('champion' on version 2, 'production' on version 4)");
    expect(error.message).toContain("remove 'champion', 'production' from its protected aliases");
  });
});

describe('the READY rule for aliases and promotions', () => {
  const version = { name: 'fraud', version: 2, status: 'PENDING_REGISTRATION' } as ModelVersion;

  it('refuses a version still pending registration with INVALID_STATE, saying to finalize it', () => {
    const error = refusal(() => requireReady(version, "alias 'champion' cannot point at it"));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toBe("version 2 of model 'fraud' is PENDING_REGISTRATION, not READY (finalize its upload first): alias 'champion' cannot point at it");
  });

  it('accepts a READY version', () => {
    expect(() => requireReady({ ...version, status: 'READY' }, '')).not.toThrow();
  });
});
