/** `--reporter spec` (the default): each scenario and its steps as people read them. */
import { durationText } from './durations.js';
import { errorPlace, failedStep, summaryLine, type ScenarioReporter } from './scenario-reporter.js';

export function specReporter(): ScenarioReporter {
  return {
    scenario(result) {
      // The simulated Uno is said: the same file may run on either board (--board).
      const board = result.board === 'mock' ? '' : `, on ${result.board}`;
      const lines = [`${result.ok ? '✔' : '✖'} ${result.name} (${result.file}${board}, ${result.unread ? 'not run' : `${Math.round(result.wallMs)} ms`})`];
      for (const warning of result.warnings ?? []) lines.push(`  ⚠ ${warning}`);
      for (const step of result.steps) lines.push(`  ${step.ok ? '✔' : '✖'} ${step.number}. ${step.label} (at ${durationText(step.at)})`);
      const failed = failedStep(result);
      if (failed) {
        lines.push(`      ${result.file}:${failed.line}`, `      expected: ${failed.expected}`, `      happened: ${failed.happened}`, `      at:       ${durationText(failed.at)} of the run's time`);
      } else if (result.error) lines.push(`  ✖ ${result.unread ? `${errorPlace(result)}: ` : ''}${result.error}`);
      if (result.skipped > 0) lines.push(`  - ${result.skipped} step${result.skipped === 1 ? '' : 's'} not run`);
      return `${lines.join('\n')}\n`;
    },
    end: (results) => `\n${summaryLine(results)}\n`,
  };
}
