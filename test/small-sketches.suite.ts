/** `npm test` runs the small files test/support/shared-processes.ts lists under this suite in this one process. */
import { runInOneProcess } from './support/one-process.js';
import { sharedProcesses } from './support/shared-processes.js';

await runInOneProcess(new URL('./', import.meta.url), sharedProcesses['small-sketches.suite.js'] ?? []);
