import { execFile } from 'node:child_process';

/** The code version of a working directory, as `git` reports it. */
export interface GitInfo {
  /** Top folder of the repository. */
  root: string;
  /** Absent in a repository with no commit yet. */
  commit?: string;
  /** Absent on a detached HEAD. */
  branch?: string;
  /** True when tracked files differ from the commit (untracked files do not count). */
  dirty: boolean;
}

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    // A missing git binary, a folder outside any repository and an empty repository all end up as undefined.
    execFile('git', args, { cwd, timeout: 10_000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
  });
}

/**
 * Reads commit, branch and dirty flag of the git repository that contains `cwd`, or undefined
 * when `cwd` is not inside one (or git is not installed).
 * @example
 * const info = await readGitInfo(process.cwd());
 * if (info?.dirty) console.warn('uncommitted changes: the run will not be reproducible from', info.commit);
 */
export async function readGitInfo(cwd: string): Promise<GitInfo | undefined> {
  const root = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (root === undefined) return undefined;
  const [commit, branch, status] = await Promise.all([
    git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
    git(cwd, ['status', '--porcelain', '--untracked-files=no']),
  ]);
  return {
    root,
    ...(commit ? { commit } : {}),
    ...(branch ? { branch } : {}),
    dirty: status !== undefined && status !== '',
  };
}

/** Tag keys the code version goes into; the `mlflow.*` ones are those MLflow's UI shows. */
export const sourceTagKeys = {
  name: 'mlflow.source.name',
  type: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitDirty: 'cairn.source.git.dirty',
} as const;

/**
 * Run tags that record where the code came from: the entry script and, inside a git repository,
 * commit, branch and whether the working tree had uncommitted changes.
 * @example
 * const tags = await sourceTags(process.cwd(), process.argv[1]);
 * // { 'mlflow.source.name': '/home/ana/train.ts', 'mlflow.source.type': 'LOCAL', 'mlflow.source.git.commit': '3f2c…', ... }
 */
export async function sourceTags(cwd: string, sourceName: string | undefined): Promise<Record<string, string>> {
  const tags: Record<string, string> = { [sourceTagKeys.type]: 'LOCAL' };
  if (sourceName) tags[sourceTagKeys.name] = sourceName;
  const info = await readGitInfo(cwd);
  if (info?.commit) tags[sourceTagKeys.gitCommit] = info.commit;
  if (info?.branch) tags[sourceTagKeys.gitBranch] = info.branch;
  if (info) tags[sourceTagKeys.gitDirty] = String(info.dirty);
  return tags;
}
