import { invalidArgument } from '../errors.js';
import { systemCaller, type Caller } from './caller.js';
import { defaultProjectId, defaultProjectName, type ProjectAccess } from './project-access.js';
import type { ProjectRef } from './project-lookup.js';

/**
 * Lets everything through, as Cairn itself. For services used in-process without an installation
 * behind them (unit tests, tools); the composition root (app.ts) always wires AccessControl.
 */
export const unrestrictedAccess: ProjectAccess = {
  caller: (): Caller => systemCaller,
  requireProject: async () => undefined,
  requireExperiment: async () => undefined,
  requireRun: async () => undefined,
  requireModel: async () => undefined,
  requireServing: async () => undefined,
  requireAdmin: () => undefined,
  readableProjects: async () => undefined,
  requireArtifactPath: async () => undefined,
  async requireProjectNamed(name: string | undefined): Promise<ProjectRef> {
    if (name === undefined || name === '' || name === defaultProjectName) return { id: defaultProjectId, name: defaultProjectName };
    throw invalidArgument(`project: '${name}' cannot be resolved without access control; only the default project is available`);
  },
};
