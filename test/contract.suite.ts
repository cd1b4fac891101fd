/** `npm test` runs the board contract's files (test/support/shared-processes.ts lists them) in this one process: the contract against every implementation. */
import { runInOneProcess } from './support/one-process.js';
import { sharedProcesses } from './support/shared-processes.js';

await runInOneProcess(new URL('./', import.meta.url), sharedProcesses['contract.suite.js'] ?? []);
