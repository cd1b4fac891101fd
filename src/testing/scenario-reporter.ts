/**
 * How `pinmesh test` reports scenarios: a reporter turns each finished scenario, then the whole
 * run, into text for stdout. spec (people), tap (TAP 14), junit (JUnit XML, for CI services).
 */
import type { ScenarioResult, StepResult } from './run-scenario.js';
import { durationText } from './durations.js';

export interface ScenarioReporter {
  /** Text once a scenario is done ('' for none). */
  scenario(result: ScenarioResult, index: number): string;
  /** Text once every scenario is done. */
  end(results: readonly ScenarioResult[]): string;
}

/** The failing step of a result, if a step failed. */
export function failedStep(result: ScenarioResult): StepResult | undefined {
  return result.steps.find((step) => !step.ok);
}

/** One line: "blink.test.yaml:12: step 4 wait-pin {…}: expected pin 13 to become 0 within 2 s, but it stayed 1 since 0 ms (at 12 s of the run's time)". */
export function failureLine(result: ScenarioResult): string {
  const step = failedStep(result);
  if (!step) return `${errorPlace(result)}: ${result.error ?? 'failed'}`;
  return `${result.file}:${step.line}: step ${step.number} ${step.label}: expected ${step.expected}, but ${step.happened} (at ${durationText(step.at)} of the run's time)`;
}

/**
 * The failures of a run for stderr: one, "pinmesh: <its line>"; several, "pinmesh: 2 of 5 scenarios
 * failed:" and each one's line below it.
 */
export function failuresText(failed: readonly ScenarioResult[], total: number): string {
  if (failed.length === 1) return `pinmesh: ${failureLine(failed[0]!)}\n`;
  return `pinmesh: ${failed.length} of ${total} scenarios failed:\n${failed.map((result) => `  ${failureLine(result)}\n`).join('')}`;
}

/** Where a failure outside the steps is: the file, and the line of a mistake in it ("bad.test.yaml:4"). */
export function errorPlace(result: ScenarioResult): string {
  return `${result.file}${result.line === undefined ? '' : `:${result.line}`}`;
}

export function summaryLine(results: readonly ScenarioResult[]): string {
  const failed = results.filter((result) => !result.ok).length;
  return `${results.length - failed} of ${results.length} scenario${results.length === 1 ? '' : 's'} passed`;
}
