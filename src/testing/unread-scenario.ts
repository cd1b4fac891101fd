/**
 * A scenario file `pinmesh test` could not read as a scenario (a misspelt key, bad YAML, no such
 * file) is reported as that scenario, errored, where it stands among the others, which still run:
 * one mistake costs neither the other files' results nor --reporter junit's XML.
 */
import type { ScenarioResult } from './run-scenario.js';
import { ScenarioFileMistake, readScenarioFile, type ScenarioFile } from './scenario-file.js';
import type { ScenarioBoard } from './scenario-schema.js';

/** The file read, or its mistake as an errored result (named by the file's `name` if it has one). */
export async function scenarioOrMistake(file: string, board: ScenarioBoard): Promise<ScenarioFile | ScenarioResult> {
  try {
    return await readScenarioFile(file);
  } catch (error) {
    if (!(error instanceof ScenarioFileMistake)) throw error;
    return unreadScenario(error, board);
  }
}

export function unreadScenario(mistake: ScenarioFileMistake, board: ScenarioBoard): ScenarioResult {
  return {
    file: mistake.file,
    name: mistake.scenarioName ?? mistake.file,
    board,
    ok: false,
    steps: [],
    skipped: 0,
    wallMs: 0,
    error: mistake.what,
    unread: true,
    ...(mistake.line !== undefined && { line: mistake.line }),
  };
}
