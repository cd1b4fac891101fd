#!/usr/bin/env node
import { reportFailure } from './failure.js';
import { buildProgram } from './program.js';

// `pinmesh probe | head -4`: once the reader is gone, output is dropped and the command finishes
// what it was doing (a flash is never cut short by a closed pipe). Long-running commands also stop.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.stdout.write = () => true;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportFailure(error);
}
