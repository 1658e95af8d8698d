import { CairnError } from '../errors.js';
import type { DeletionGuard, DroppedAlias } from '../registry/registry-store.js';
import type { GovernanceStore } from './governance-store.js';
import { protectedAliasMessage } from './promotion.js';

/** Tells the registry which aliases only a promotion request may move (injected into RegistryService). */
export interface ProtectedAliases {
  /** Throws PERMISSION_DENIED, saying how to request the change, when the model's project protects `alias`. */
  requireUnprotected(model: string, alias: string): Promise<void>;
  /**
   * A guard for deleting `version` of `model` (the whole model when absent) that refuses to drop a
   * protected alias; undefined when the project protects nothing or the model is unknown.
   */
  deletionGuard(model: string, version?: number): Promise<DeletionGuard | undefined>;
}

/** The project of the model names its protected aliases; an unknown model is left to the registry's own NOT_FOUND. */
export function projectProtectedAliases(store: Pick<GovernanceStore, 'placeModel'>): ProtectedAliases {
  async function protectedList(model: string): Promise<{ project: string; aliases: string[] } | undefined> {
    try {
      const placement = await store.placeModel(model);
      return { project: placement.project, aliases: placement.protectedAliases };
    } catch (error) {
      if (error instanceof CairnError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }
  return {
    async requireUnprotected(model, alias) {
      const found = await protectedList(model);
      if (found?.aliases.includes(alias)) throw new CairnError('PERMISSION_DENIED', protectedAliasMessage(model, alias));
    },
    async deletionGuard(model, version) {
      const found = await protectedList(model);
      if (!found || found.aliases.length === 0) return undefined;
      return protectedDeletionGuard({ model, project: found.project, version, protectedAliases: found.aliases });
    },
  };
}

export interface ProtectedDeletion {
  model: string;
  project: string;
  /** The version being deleted; undefined when the whole model is. */
  version: number | undefined;
  protectedAliases: readonly string[];
}

/**
 * Refuses, with PERMISSION_DENIED, a deletion that would drop a protected alias: deleting its
 * holder would move the alias off that version without a promotion request, which is exactly
 * what protection forbids. The message names both ways out.
 */
export function protectedDeletionGuard(deletion: ProtectedDeletion): DeletionGuard {
  return (dropped: readonly DroppedAlias[]) => {
    const held = dropped.filter((d) => deletion.protectedAliases.includes(d.alias));
    if (held.length === 0) return;
    throw new CairnError('PERMISSION_DENIED', protectedDeletionMessage(deletion, held));
  };
}

function protectedDeletionMessage({ model, project, version }: ProtectedDeletion, held: readonly DroppedAlias[]): string {
  const aliases = [...new Set(held.map((h) => h.alias))];
  const named = aliases.map((a) => `'${a}'`).join(', ');
  const unprotect = `have an admin of project '${project}' remove ${named} from its protected aliases (PATCH /api/v1/projects/${project})`;
  if (version !== undefined) {
    const alias = aliases[0] as string;
    return (
      `version ${version} of model '${model}' holds protected alias ${named} and cannot be deleted: ` +
      `first move the alias to another version through a promotion request (cairn models promote ${model} <version> --to ${alias}, or POST /api/v1/promotions), ` +
      `or ${unprotect}`
    );
  }
  const holders = held.map((h) => `'${h.alias}' on version ${h.version}`).join(', ');
  return `model '${model}' cannot be deleted while it holds protected aliases (${holders}): ${unprotect}, then delete the model`;
}
