/**
 * `wegov <args>` from the TypeScript sources, for test/scale (started by test/support/ts-child.ts,
 * args in WEGOV_CHILD_ARGS as JSON). It exits when the test runner goes away (the IPC channel
 * closes), so a crashed run leaves no WeGov process behind.
 */
import { main } from '../../src/cli/main';

process.on('disconnect', () => process.exit(3));
main(JSON.parse(process.env.WEGOV_CHILD_ARGS ?? '[]') as string[]).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`wegov: ${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  },
);
