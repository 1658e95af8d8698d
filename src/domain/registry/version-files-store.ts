import type { ModelFile, VersionContents } from './model-files.js';

/** Persistence of what a version holds, beside RegistryStore (which records it when a version is created). */
export interface VersionFilesStore {
  /** The recorded files of a live version, by path; NOT_FOUND for an unknown model or version. */
  files(name: string, version: number): Promise<ModelFile[]>;
  /**
   * Records the files, format and signature of a version made for upload and makes it READY, with
   * the audit event `model_version.files.finalize`, in one transaction. INVALID_STATE unless the
   * version is PENDING_REGISTRATION (so a finalized version cannot be finalized again).
   */
  finalize(name: string, version: number, contents: VersionContents, now: number): Promise<void>;
}
