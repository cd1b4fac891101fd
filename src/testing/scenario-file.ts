/**
 * Reading a scenario file: YAML (the `yaml` package, which keeps each value's place in the
 * file), checked against the scenario schema. A mistake is a UserError naming the file, the line
 * and the field: "blink.test.yaml:9: steps[2].wait-pin.timeout: a duration is …".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from '../errors.js';
import { explainingIssue } from '../schema.js';
import { scenarioSchema, type Scenario } from './scenario-schema.js';

export interface ScenarioFile {
  file: string;
  scenario: Scenario;
  /** The line each step starts on (1-based), for messages. */
  stepLines: number[];
}

/**
 * A scenario file that is no scenario: "blink.test.yaml:9: steps[2].wait-pin.timeout: a duration is
 * …". `what` is the mistake without the file and line; `name` the scenario's, if the file gives one
 * (pinmesh test reports the file as that scenario, errored).
 */
export class ScenarioFileMistake extends UserError {
  constructor(
    readonly file: string,
    readonly what: string,
    readonly line?: number,
    readonly scenarioName?: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${what}`);
  }
}

/** What a scenario file is not, said before it is read as YAML: a sketch, or a JavaScript test. */
const notScenario = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

export async function readScenarioFile(file: string): Promise<ScenarioFile> {
  if (notScenario.test(file)) {
    throw new ScenarioFileMistake(
      file,
      'this is a sketch or a JavaScript test, not a scenario: pinmesh test runs scenario files (YAML, name.test.yaml: docs/testing.md); a JavaScript test runs with node --test',
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new ScenarioFileMistake(file, `a folder, not a scenario file: name its scenarios (pinmesh test ${join(file, '*.test.yaml')})`);
    throw new ScenarioFileMistake(file, code === 'ENOENT' ? 'no such scenario file' : `cannot read it: ${(error as Error).message}`);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file: string): ScenarioFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new ScenarioFileMistake(file, `not valid YAML: ${syntax.message.split('\n')[0]}`, line);
  }
  const raw: unknown = document.toJS();
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const issue = explainingIssue(result.error.issues);
    const path = issue.path as Array<string | number>;
    // A misspelt key is on its own line (its value may start on the next).
    const line = (issue.code === 'unrecognized_keys' ? lineOfKey(document, lines, path, issue.keys[0]) : undefined) ?? lineOf(document, lines, path);
    throw new ScenarioFileMistake(file, `${fieldName(path) || 'the scenario'}: ${issue.message}`, line, nameOf(raw));
  }
  const stepLines = result.data.steps.map((_, index) => lineOf(document, lines, ['steps', index]));
  return { file, scenario: result.data, stepLines };
}

/** The scenario's name, if the file gives one. */
function nameOf(raw: unknown): string | undefined {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

/** The line of the key `key` of the map at `path`, if the file has it. */
function lineOfKey(document: Document, lines: LineCounter, path: Array<string | number>, key: string | undefined): number | undefined {
  const map = path.length === 0 ? document.contents : document.getIn(path, true);
  if (key === undefined || !isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const range = isScalar(pair?.key) ? pair.key.range : undefined;
  return range ? lines.linePos(range[0]).line : undefined;
}

/** The line of the deepest part of `path` that the file has (a missing field: its parent's line). */
function lineOf(document: Document, lines: LineCounter, path: Array<string | number>): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

/** steps[2].wait-pin.timeout */
function fieldName(path: Array<string | number>): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${part}`)).join('');
}
