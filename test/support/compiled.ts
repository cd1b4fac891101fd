/**
 * A repository file as the running tests have it: under `npm test` the tests run compiled in
 * dist-test/, beside the sources compiled with them, so a child process started on one of them runs
 * plain Node (about half the CPU of a start through the tsx loader); run by tsx (npm run fuzz), the
 * TypeScript file itself.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder the tests run from: dist-test/ when compiled, else the repository. */
const testsRoot = fileURLToPath(new URL('../../', import.meta.url));
const isCompiled = import.meta.url.endsWith('.js');

/** `path` ('src/net/pending-replies.ts'), relative to the repository: its compiled .js when the tests run compiled. */
export function compiled(path: string): string {
  return isCompiled ? join(testsRoot, path.replace(/\.ts$/, '.js')) : join(testsRoot, path);
}

/** How to start Node on a file of compiled(): the tsx loader only when the tests run as TypeScript. */
export const nodeLoader: string[] = isCompiled ? [] : ['--import', 'tsx'];
