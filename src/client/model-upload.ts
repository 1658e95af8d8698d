import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';

/** What an uploaded file's body may be: bytes, text, or a stream (read as it is sent). */
export type UploadBody = Uint8Array | string | ReadableStream<Uint8Array>;

/** The files to upload for a local file or folder, as `[path in the version, local file]`, by path. */
export async function localModelFiles(localPath: string): Promise<[string, string][]> {
  const info = await stat(localPath);
  if (!info.isDirectory()) return [[basename(localPath), localPath]];
  const files: [string, string][] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push([relative(localPath, full).split(sep).join('/'), full]);
    }
  };
  await walk(localPath);
  return files;
}

/** A local file as a request body that streams from disk. */
export function fileBody(localFile: string): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(localFile)) as unknown as ReadableStream<Uint8Array>;
}
