import type { ProjectRole } from './roles.js';

/** A project as access control names it in messages and native responses. */
export interface ProjectRef {
  id: number;
  name: string;
}

/**
 * Where a resource lives, for access checks. Every method answers `undefined` for an unknown
 * resource, so the caller decides between NOT_FOUND and its own message.
 */
export interface ProjectLookup {
  projectOfExperiment(experimentId: string): Promise<number | undefined>;
  projectOfRun(runId: string): Promise<number | undefined>;
  projectOfModel(modelName: string): Promise<number | undefined>;
  /**
   * The experiment whose artifact location holds `path` (a path of the proxied artifact store,
   * e.g. `3/<run>/artifacts/model.onnx`): the one whose location is the longest prefix of it.
   */
  experimentOfArtifactPath(path: string): Promise<string | undefined>;
  /**
   * The model an upload folder (`registry/<id>`, see registry/upload-folder.ts) belongs to: that of
   * the first version whose source is exactly that folder, i.e. the version created for the upload.
   * A later version registered from the same folder does not take it over.
   */
  modelOfUploadFolder(folder: string): Promise<{ projectId: number; name: string } | undefined>;
  projectByName(name: string): Promise<ProjectRef | undefined>;
  projectName(projectId: number): Promise<string | undefined>;
}

/**
 * Memberships as access control reads them. Never cached beyond one call: a role granted or
 * taken away takes effect on the very next request. (The IDENTITY part's AccessStore offers the
 * same two methods.)
 */
export interface RoleLookup {
  memberRole(userId: number, projectId: number): Promise<ProjectRole | undefined>;
  memberships(userId: number): Promise<{ projectId: number; role: ProjectRole }[]>;
}
