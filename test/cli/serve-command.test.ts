import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('cairn serve', () => {
  it('describes itself as an inference-only replica and takes the server settings', async () => {
    const result = await runCli(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('inference-only replica');
    for (const flag of ['--host', '--port', '--database-url', '--artifacts', '--data-dir', '--log-level', '--auth', '--model-memory-mb']) expect(result.stdout).toContain(flag);
  });

  it('refuses to bind beyond loopback without authentication, before opening the database', async () => {
    const result = await runCli(['serve', '--host', '0.0.0.0', '--database-url', '/nonexistent/dir/cairn.db']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('refusing to listen on 0.0.0.0');
  });
});
