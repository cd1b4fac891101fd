import { Option, type Command } from 'commander';
import { junitReporter } from '../../testing/junit-reporter.js';
import { recordingFormat } from '../../record/recording.js';
import { scenarioRecordings } from '../../testing/scenario-recordings.js';
import { runScenario, type ScenarioResult, type ScenarioWatcher } from '../../testing/run-scenario.js';
import { failuresText, type ScenarioReporter } from '../../testing/scenario-reporter.js';
import { scenarioOrMistake } from '../../testing/unread-scenario.js';
import type { ScenarioBoard } from '../../testing/scenario-schema.js';
import { specReporter } from '../../testing/spec-reporter.js';
import { tapReporter } from '../../testing/tap-reporter.js';
import * as parse from '../parse.js';
import { scenarioBoard } from '../scenario-board.js';
import { crashesToScenarios } from '../scenario-crashes.js';
import { adviseOnUsageErrors, appendToFirstLine } from '../usage-advice.js';

export interface TestFlags {
  reporter: 'spec' | 'tap' | 'junit';
  board?: ScenarioBoard;
  seed?: number;
  record?: string;
}

/**
 * What another part of the CLI may add to `pinmesh test`: flags (`options`), and `watchers`, asked
 * once per run with the flags, each started with every scenario's bench (whose `history` emits each
 * pin change with its time) and finished once the bench stopped.
 */
export interface TestCommandHooks {
  options?: readonly Option[];
  watchers?: (flags: TestFlags & Record<string, unknown>) => readonly ScenarioWatcher[];
}

const reporters: Record<TestFlags['reporter'], (total: number) => ScenarioReporter> = { spec: specReporter, tap: tapReporter, junit: junitReporter };

/** `pinmesh test FILE.yaml…`: runs scenario files (mock board: virtual time; simulated Uno: the MCU's); exit 1 when one fails. */
export function registerTestCommand(program: Command, hooks: TestCommandHooks = {}): void {
  const command = program
    .command('test')
    .description('run scenario files (YAML): a sketch or circuit on the mock board in virtual time, or on the simulated Uno in its MCU time, step by step (docs/testing.md)')
    .argument('<files...>', 'scenario files; each stops at its first failing step')
    .addOption(new Option('--reporter <name>', 'how results are printed').choices(['spec', 'tap', 'junit']).default('spec'))
    .option('--board <name>', 'run every scenario on this board, whatever its file says: mock (virtual time) or sim (the simulated Uno, in its MCU’s time)', scenarioBoard)
    .option('--seed <n>', 'seed every random choice (wins over the files’ own seed)', parse.number({ integer: true }))
    .option('--record <file>', 'record each scenario: FILE.vcd the board’s pins in the run’s time (the MCU’s on sim), FILE.jsonl every event; several scenarios: FILE-<scenario>.vcd each');
  for (const option of hooks.options ?? []) command.addOption(option);
  // `--json`, as the other commands take it: results here are a report, in one of three forms.
  adviseOnUsageErrors(command, (text) => (/^error: unknown option '--json'/.test(text) ? appendToFirstLine(text, 'pinmesh test prints its results with --reporter spec, tap or junit') : text));
  command.action(async (files: string[], flags: TestFlags & Record<string, unknown>) => {
    // Every file is read before any runs; one that is no scenario is reported as that scenario, errored, and the others run.
    const scenarios = [];
    for (const file of files) scenarios.push(await scenarioOrMistake(file, flags.board ?? 'mock'));
    if (flags.record !== undefined) recordingFormat(flags.record); // a name that says no format fails before any runs
    const recordings = flags.record === undefined ? [] : scenarioRecordings(flags.record, files);
    const reporter = reporters[flags.reporter](scenarios.length);
    const watchers = hooks.watchers?.(flags) ?? [];
    const results: ScenarioResult[] = [];
    const stopListening = crashesToScenarios(); // a sketch's crash fails its scenario, not the command
    try {
      for (const [index, scenario] of scenarios.entries()) {
        const record = recordings[index];
        const result =
          'scenario' in scenario
            ? await runScenario(scenario, {
                ...(flags.board !== undefined && { board: flags.board }),
                ...(flags.seed !== undefined && { seed: flags.seed }),
                ...(record !== undefined && { record }),
                watchers,
              })
            : scenario;
        results.push(result);
        process.stdout.write(reporter.scenario(result, index));
      }
    } finally {
      stopListening();
    }
    process.stdout.write(reporter.end(results));
    const failed = results.filter((result) => !result.ok);
    if (failed.length > 0) {
      // What a CI log shows last, whatever the reporter (stderr: junit's stdout stays XML): every failure, one line each.
      process.stderr.write(failuresText(failed, results.length));
      process.exitCode = 1;
    }
  });
}
