/**
 * Running one scenario: its sketch or circuit on a test bench, its steps in order, stopping at
 * the first that fails. Every step's outcome says what was expected, what happened, and the
 * run's time then (the recording's time: the same clock the pin history is timed by).
 */
import { dirname, resolve } from 'node:path';
import { errorMessage } from '../errors.js';
import { BenchTimeout, PinWaitTimeout } from './bench-timeout.js';
import { durationText } from './durations.js';
import { digitalPinAdvice, drivenAsDigital, drivenAsPwm, pwmPinAdvice } from './pwm-pin.js';
import type { ScenarioBoard, Step } from './scenario-schema.js';
import type { ScenarioFile } from './scenario-file.js';
import { startCircuitBench, startSketchBench } from './start-bench.js';
import type { TestBench } from './test-bench.js';

export interface StepResult {
  /** 1-based, as people count; and its line in the file. */
  number: number;
  line: number;
  /** "wait-pin {pin: 13, value: 0}" */
  label: string;
  ok: boolean;
  /** The run's time when the step ended, in ms. */
  at: number;
  /** Wall milliseconds it took. */
  wallMs: number;
  expected?: string;
  happened?: string;
}

export interface ScenarioResult {
  file: string;
  name: string;
  /** The board it ran on: its file's, or the one the run chose for every scenario (`board`, --board). */
  board: ScenarioBoard;
  ok: boolean;
  /** The steps run: every one, or up to the first that failed. */
  steps: StepResult[];
  /** Steps not run after a failure. */
  skipped: number;
  wallMs: number;
  /** A failure outside the steps: the file is no scenario, the sketch would not start, or crashed once its steps were done. */
  error?: string;
  /** What the run warned of (options its sketch left unchecked, a board driven as another), as `pinmesh run` says it. */
  warnings?: string[];
  /** The file could not be read as a scenario (src/testing/unread-scenario.ts): nothing ran; `line` is its mistake's. */
  unread?: boolean;
  line?: number;
}

/**
 * What takes part in a scenario's run besides its steps: `--record FILE` joins here. `started` is
 * called once the bench is up (its `history` emits every pin change with its time); what it
 * returns is awaited once the bench has stopped.
 */
export interface ScenarioWatcher {
  started(bench: TestBench, scenario: ScenarioFile): void | { finished(): Promise<void> | void };
}

export interface ScenarioRunOptions {
  /** Wins over the file's seed (--seed). */
  seed?: number;
  /** Wins over the file's board (--board): the same file on the mock board and on the simulated Uno. */
  board?: ScenarioBoard;
  watchers?: readonly ScenarioWatcher[];
  /** Records the run into this file (FILE.vcd, FILE.jsonl: see BenchOptions.record). */
  record?: string;
}

class StepFailure extends Error {
  constructor(
    readonly expected: string,
    readonly happened: string,
  ) {
    super(`expected ${expected}, but ${happened}`);
  }
}

export async function runScenario(file: ScenarioFile, options: ScenarioRunOptions = {}): Promise<ScenarioResult> {
  const { scenario } = file;
  const started = performance.now();
  const result: ScenarioResult = { file: file.file, name: scenario.name, board: options.board ?? scenario.board, ok: true, steps: [], skipped: 0, wallMs: 0 };
  let bench: TestBench;
  try {
    bench = await startBench(file, result.board, options);
  } catch (error) {
    return { ...result, ok: false, skipped: scenario.steps.length, error: errorMessage(error), wallMs: performance.now() - started };
  }
  const finishing = (options.watchers ?? []).map((watcher) => watcher.started(bench, file));
  /** Level checks of pins the sketch never set up, said at the end as warnings. */
  let unsetChecks: string[] = [];
  try {
    for (const [index, step] of scenario.steps.entries()) {
      const stepStarted = performance.now();
      const base = { number: index + 1, line: file.stepLines[index] ?? 0, label: stepLabel(step) };
      try {
        await runStep(bench, step);
        result.steps.push({ ...base, ok: true, at: bench.now(), wallMs: performance.now() - stepStarted });
      } catch (error) {
        // A wait that ran out says the run's time once, beside the step: its `happened` leaves it out.
        const failure = error instanceof StepFailure ? error : new StepFailure(stepExpectation(step), error instanceof BenchTimeout ? error.happened : errorMessage(error));
        result.steps.push({ ...base, ok: false, at: bench.now(), wallMs: performance.now() - stepStarted, expected: failure.expected, happened: failure.happened });
        result.ok = false;
        result.skipped = scenario.steps.length - index - 1;
        break;
      }
    }
    // Steps that passed while the sketch never heard them (a press on a pin it never read, a reading
    // on an input it never read: the wrong pin) fail the scenario at its end.
    const never = result.ok ? bench.inputsNeverRead() : [];
    if (never.length > 0) Object.assign(result, { ok: false, error: never.join('; ') });
    if (result.ok) unsetChecks = bench.unsetPinsChecked();
  } finally {
    // A sketch that crashed where no step was waiting (its steps done) fails the scenario all the same.
    const crash: unknown = await bench.stop().then(() => undefined, (error: unknown) => error ?? 'failed');
    const warnings = bench.events.flatMap((event) => (event.event === 'warning' && typeof event.warning === 'string' ? [event.warning] : []));
    warnings.push(...unsetChecks);
    if (warnings.length > 0) result.warnings = warnings;
    for (const watcher of finishing) if (watcher) await watcher.finished();
    if (crash !== undefined && result.ok) Object.assign(result, { ok: false, error: errorMessage(crash) });
  }
  result.wallMs = performance.now() - started;
  return result;
}

function startBench(file: ScenarioFile, board: ScenarioBoard, options: ScenarioRunOptions): Promise<TestBench> {
  const { scenario } = file;
  const here = (path: string) => resolve(dirname(file.file), path);
  const seed = options.seed ?? scenario.seed;
  const common = { board, ...(seed !== undefined && { seed }), ...(options.record !== undefined && { record: options.record }) };
  if (scenario.circuit !== undefined) {
    return startCircuitBench({
      ...common,
      circuit: scenario.circuit === 'article' ? 'article' : here(scenario.circuit),
      ...(scenario.clock?.ticks !== undefined && { ticks: scenario.clock.ticks }),
      ...(scenario.clock?.delay !== undefined && { delay: scenario.clock.delay }),
    });
  }
  const sketch = scenario.sketch!;
  const isFile = /\.[cm]?[jt]s$/.test(sketch);
  return startSketchBench(isFile ? here(sketch) : sketch, { ...common, options: scenario.options });
}

async function runStep(bench: TestBench, step: Step): Promise<void> {
  switch (step.action) {
    case 'send': {
      const { channel, message, node, timeout } = step.args;
      const reply = await bench.send(channel, message, { ...(node !== undefined && { node }), ...(timeout !== undefined && { timeout }) });
      if (step.expect !== undefined && reply !== step.expect) throw new StepFailure(`the reply ${JSON.stringify(step.expect)}`, `the reply was ${JSON.stringify(reply)}`);
      return;
    }
    case 'expect-pin': {
      const { pin, value } = step.args;
      if (drivenAsPwm(bench.board, pin)) throw new StepFailure(`pin ${pin} at ${value}`, pwmPinAdvice(pin, bench.duty(pin), 'expect-pwm'));
      const level = bench.level(pin);
      if (level !== value) throw new StepFailure(`pin ${pin} at ${value}`, `it is at ${level}`);
      return;
    }
    case 'expect-pwm': {
      const { pin, duty } = step.args;
      if (drivenAsDigital(bench.board, pin)) throw new StepFailure(`pin ${pin} at duty ${duty}`, digitalPinAdvice(pin, bench.level(pin), 'expect-pin'));
      const now = bench.duty(pin);
      if (now !== duty) throw new StepFailure(`pin ${pin} at duty ${duty}`, `it is at duty ${now}`);
      return;
    }
    case 'wait-pwm': {
      const { pin, duty, timeout } = step.args;
      if (drivenAsDigital(bench.board, pin)) throw new StepFailure(`pin ${pin} to reach duty ${duty} within ${durationText(timeout)}`, digitalPinAdvice(pin, bench.level(pin), 'wait-pin'));
      try {
        await bench.waitPwm(pin, duty, { timeout });
      } catch (error) {
        if (error instanceof PinWaitTimeout) throw new StepFailure(`pin ${pin} to reach duty ${duty} within ${durationText(timeout)}`, error.happened);
        throw error;
      }
      return;
    }
    case 'delay':
      return bench.delay(step.args);
    case 'wait-pin': {
      const { pin, value, timeout } = step.args;
      if (drivenAsPwm(bench.board, pin)) throw new StepFailure(`pin ${pin} to become ${value} within ${durationText(timeout)}`, pwmPinAdvice(pin, bench.duty(pin), 'wait-pwm'));
      try {
        await bench.waitPin(pin, value, { timeout });
      } catch (error) {
        if (error instanceof PinWaitTimeout) throw new StepFailure(`pin ${pin} to become ${value} within ${durationText(timeout)}`, error.happened);
        throw error;
      }
      return;
    }
    case 'press':
      return bench.press(step.args.pin, { ...(step.args.for !== undefined && { for: step.args.for }), ...(step.args.wiredTo !== undefined && { wiredTo: step.args.wiredTo }) });
    case 'release':
      return bench.release(step.args.pin);
    case 'set-analog':
      return bench.setAnalog(step.args.pin, step.args.value);
    case 'expect-tone': {
      const { pin, frequency, tolerance } = step.args;
      const tone = bench.tones(pin).at(-1);
      const wanted = frequency === undefined ? `a tone on pin ${pin}` : `a tone of ${frequency} Hz on pin ${pin}`;
      if (!tone) throw new StepFailure(wanted, `pin ${pin} sounded no tone`);
      const within = tolerance ?? Math.max(1, (frequency ?? 0) * 0.01);
      if (frequency !== undefined && (tone.frequency === undefined || Math.abs(tone.frequency - frequency) > within)) {
        throw new StepFailure(wanted, `its last tone was ${tone.frequency === undefined ? 'of no known frequency' : `${tone.frequency} Hz`}`);
      }
      return;
    }
    case 'expect-servo': {
      const angle = bench.angle(step.args.pin);
      if (angle !== step.args.angle) throw new StepFailure(`the servo on pin ${step.args.pin} at ${step.args.angle}°`, angle === undefined ? 'no servo is attached there' : `it is at ${angle}°`);
      return;
    }
    case 'wait-done': {
      // A sketch's scenario has no clocks: waiting for them to be done would only run out.
      if (bench.subject !== 'circuit') throw new StepFailure(`the circuit's clocks done within ${durationText(step.args.timeout)}`, 'this scenario runs a sketch, which has no clocks: wait-done is for a scenario with a circuit (wait for a pin with wait-pin)');
      try {
        await bench.until(bench.done, step.args.timeout);
      } catch {
        throw new StepFailure(`the circuit's clocks done within ${durationText(step.args.timeout)}`, 'they were still ticking');
      }
      return;
    }
  }
}

/** What a step expects, for a failure that is an error rather than a mismatch. */
function stepExpectation(step: Step): string {
  return step.action === 'send' && step.expect !== undefined ? `the reply ${JSON.stringify(step.expect)}` : `${step.action} to succeed`;
}

/** "wait-pin {pin: 13, value: 0, timeout: 2000}"; "set-analog {pin: "A0", value: 512}": the pin as the file wrote it. */
export function stepLabel(step: Step): string {
  const shown = (key: string, value: unknown) => (key === 'pin' && step.pin !== undefined ? step.pin : value);
  const args = typeof step.args === 'object' ? `{${Object.entries(step.args).map(([key, value]) => `${key}: ${JSON.stringify(shown(key, value))}`).join(', ')}}` : `${step.args} ms`;
  return `${step.action} ${args}`;
}
