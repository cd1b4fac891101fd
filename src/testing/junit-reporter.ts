/**
 * `--reporter junit`: JUnit XML, which CI services (GitLab, Jenkins, GitHub's test-report actions)
 * read: one <testsuite> per scenario file, one <testcase> per step, the failing one with its
 * <failure>, the steps not run <skipped/>.
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
  if (result.error) cases.push(`    <testcase classname="${escape(result.name)}" name="${result.steps.length > 0 ? 'stop' : 'start'}" file="${escape(result.file)}" time="0">\n      <error message="${escape(result.error)}"/>\n    </testcase>`);
  for (let index = 0; index < result.skipped && !result.error; index++) {
    const number = result.steps.length + index + 1;
    cases.push(`    <testcase classname="${escape(result.name)}" name="${number}. (not run)" file="${escape(result.file)}" time="0">\n      <skipped/>\n    </testcase>`);
  }
  const failures = result.steps.filter((step) => !step.ok).length;
  const tests = result.steps.length + (result.error ? 1 : result.skipped);
  return `  <testsuite name="${escape(result.name)}" file="${escape(result.file)}" tests="${tests}" failures="${failures}" errors="${result.error ? 1 : 0}" skipped="${result.error ? 0 : result.skipped}" time="${seconds(result.wallMs)}">\n${cases.join('\n')}\n  </testsuite>`;
}

export function junitReporter(): ScenarioReporter {
  return {
    scenario: () => '',
    end(results) {
      const failures = results.reduce((sum, result) => sum + result.steps.filter((step) => !step.ok).length, 0);
      const tests = results.reduce((sum, result) => sum + result.steps.length + (result.error ? 1 : result.skipped), 0);
      const time = results.reduce((sum, result) => sum + result.wallMs, 0);
      return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pinmesh test" tests="${tests}" failures="${failures}" time="${seconds(time)}">\n${results.map(suite).join('\n')}\n</testsuites>\n`;
    },
  };
}
