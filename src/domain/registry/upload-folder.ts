/** Uploaded versions keep their files under this folder of the artifact store, apart from the experiments' folders (named by number). */
export const uploadRootPrefix = 'registry';

/**
 * The upload folder (`registry/<id>`) that holds an artifact path, `''` for the `registry` folder
 * itself (every upload), or undefined for a path outside it. Access control maps such a folder to
 * the model whose version was created for it, since no experiment owns it.
 */
export function uploadFolderOf(path: string): string | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments[0] !== uploadRootPrefix) return undefined;
  const id = segments[1];
  return id === undefined ? '' : `${uploadRootPrefix}/${id}`;
}
