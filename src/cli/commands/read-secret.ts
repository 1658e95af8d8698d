/** Reads a password piped on stdin (`--password-stdin`), so it never shows in `ps` or shell history. */
export async function readStdinSecret(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('--password-stdin expects the password piped in, e.g. `printf %s "$PW" | cairn ...`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  const text = Buffer.concat(chunks).toString('utf8');
  // `echo` adds a line end that is not part of the password.
  return text.replace(/\r?\n$/, '');
}
