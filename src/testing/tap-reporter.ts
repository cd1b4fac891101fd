/** `--reporter tap`: TAP version 14, one test point per scenario, its failure as YAML diagnostics. */
import { failedStep, type ScenarioReporter } from './scenario-reporter.js';

const yamlText = (text: string) => JSON.stringify(text);

export function tapReporter(total: number): ScenarioReporter {
  return {
    scenario(result, index) {
      const head = index === 0 ? `TAP version 14\n1..${total}\n` : '';
      const point = `${result.ok ? 'ok' : 'not ok'} ${index + 1} - ${result.name.replace(/#/g, '\\#')}`;
      const warned = (result.warnings ?? []).map((warning) => `# warning: ${warning}\n`).join('');
      if (result.ok) return `${head}${point}\n${warned}`;
      const step = failedStep(result);
      const diagnostics = step
        ? [`file: ${yamlText(result.file)}`, `line: ${step.line}`, `step: ${step.number}`, `action: ${yamlText(step.label)}`, `expected: ${yamlText(step.expected ?? '')}`, `happened: ${yamlText(step.happened ?? '')}`, `at_ms: ${step.at}`]
        : [`file: ${yamlText(result.file)}`, ...(result.line === undefined ? [] : [`line: ${result.line}`]), `error: ${yamlText(result.error ?? 'failed')}`];
      return `${head}${point}\n  ---\n${diagnostics.map((line) => `  ${line}`).join('\n')}\n  ...\n${warned}`;
    },
    end: (results) => (results.length === 0 ? 'TAP version 14\n1..0\n' : ''),
  };
}
