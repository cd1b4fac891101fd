/** `npm test` runs the browser files test/support/shared-processes.ts lists under this suite in this one process, with one chromium. */
import { runInOneProcess } from './support/one-process.js';
import { sharedProcesses } from './support/shared-processes.js';

await runInOneProcess(new URL('./', import.meta.url), sharedProcesses['browser.suite.js'] ?? []);
