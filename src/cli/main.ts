#!/usr/bin/env node
import module from 'node:module';

// From Node 22.1, V8 keeps the code it compiled for pinmesh and its dependencies on disk (in the
// OS's temporary folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off), and later starts skip compiling
// it. Node 20 has no such cache and starts as before. It must be on before the program is imported.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { reportFailure } = await import('./failure.js');
const { programFor } = await import('./program-for.js');

// `pinmesh probe | head -4`: once the reader is gone, output is dropped and the command finishes
// what it was doing (a flash is never cut short by a closed pipe). Long-running commands also stop.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.stdout.write = () => true;
});

try {
  await (await programFor(process.argv)).parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportFailure(error);
}
