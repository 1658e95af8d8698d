import { buildProgram } from './program.js';

/** Entry point of the `cairn` binary. Errors print as one line, not a stack trace. */
buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`cairn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
