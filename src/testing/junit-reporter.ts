/**
 * `--reporter junit`: JUnit XML, which CI services (GitLab, Jenkins, GitHub's test-report actions)
 * read: one <testsuite> per scenario file, one <testcase> per step, the failing one with its
 * <failure>, the steps not run <skipped/>; a file that is no scenario, or a sketch that would not
 * start, one <testcase> with its <error>. The root <testsuites> and each <testsuite> count their
 * tests, failures, errors and skipped tests, and their time in seconds, the attributes JUnit's
 * schema (Ant's, which Jenkins, GitLab and the test-report actions read) gives them.
 */
import { failureLine, type ScenarioReporter } from './scenario-reporter.js';
import type { ScenarioResult } from './run-scenario.js';

const escape = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
const seconds = (ms: number) => (ms / 1000).toFixed(3);

function suite(result: ScenarioResult): string {
  const cases = result.steps.map((step) => {
    const open = `    <testcase classname="${escape(result.name)}" name="${escape(`${step.number}. ${step.label}`)}" file="${escape(result.file)}" line="${step.line}" time="${seconds(step.wallMs)}"`;
    if (step.ok) return `${open}/>`;
    const message = `expected ${step.expected}, but ${step.happened}`;
    return `${open}>\n      <failure message="${escape(message)}" type="StepFailure">${escape(failureLine(result))}</failure>\n    </testcase>`;
  });
  if (result.error) {
    const name = result.unread ? 'the scenario file' : result.steps.length > 0 ? 'stop' : 'start';
    const line = result.line === undefined ? '' : ` line="${result.line}"`;
    cases.push(`    <testcase classname="${escape(result.name)}" name="${name}" file="${escape(result.file)}"${line} time="0">\n      <error message="${escape(result.error)}">${escape(failureLine(result))}</error>\n    </testcase>`);
  }
  for (let index = 0; index < result.skipped && !result.error; index++) {
    const number = result.steps.length + index + 1;
    cases.push(`    <testcase classname="${escape(result.name)}" name="${number}. (not run)" file="${escape(result.file)}" time="0">\n      <skipped/>\n    </testcase>`);
  }
  // What the run warned of, where JUnit keeps what a suite said beside its results.
  const warned = result.warnings?.length ? `\n    <system-err>${escape(result.warnings.map((warning) => `warning: ${warning}`).join('\n'))}</system-err>` : '';
  return `  <testsuite name="${escape(result.name)}" file="${escape(result.file)}" ${counted([result])}>\n${cases.join('\n')}${warned}\n  </testsuite>`;
}

/** tests="7" failures="1" errors="0" skipped="1" time="0.412": a suite's, or the whole run's. */
function counted(results: readonly ScenarioResult[]): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let time = 0;
  for (const result of results) {
    const failed = result.steps.filter((step) => !step.ok).length;
    // An error outside the steps is a testcase of its own; the steps after it are not reported.
    const notRun = result.error ? 0 : result.skipped;
    tests += result.steps.length + (result.error ? 1 : 0) + notRun;
    failures += failed;
    errors += result.error ? 1 : 0;
    skipped += notRun;
    time += result.wallMs;
  }
  return `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(time)}"`;
}

export function junitReporter(): ScenarioReporter {
  return {
    scenario: () => '',
    end: (results) => `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pinmesh test" ${counted(results)}>\n${results.map(suite).join('\n')}\n</testsuites>\n`,
  };
}
