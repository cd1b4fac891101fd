/**
 * What a test's bench says as process warnings, each naming the line of the test that started it
 * (its stack that call's, for `node --trace-warnings`), where it would otherwise be silent and the
 * test pass while testing nothing. A scenario says the same under its own line instead
 * (run-scenario.ts), so only testSketch and testCircuit warn.
 *
 * - Once it started, what the run warned of: options its sketch takes unchecked (`{ options: {
 *   ringMS: 200 } }` for a sketch reading `ringMs`), which `pinmesh run` prints; it sat in
 *   `bench.events` only, and the test passed on the default.
 * - As it stops, the inputs the sketch never heard (`bench.inputsNeverRead()`): a button held to the
 *   end on a pin the sketch never read, a reading on an analog input it never read (the wrong pin).
 * - As it stops, the levels checked of pins the sketch never set up (`bench.unsetPinsChecked()`): each
 *   read 0 and tested nothing (`bench.level(12)` for an LED on 13).
 */
import type { NodeEvent } from '../report/events.js';
import type { BenchOrigin } from './bench-origin.js';

/** The process warning's code for a run's warning code; one of its own for the others. */
const codes: Readonly<Record<string, string>> = { 'unchecked-options': 'PINMESH_UNCHECKED_OPTIONS' };

/** Emits each warning among `events` (a bench's, once it started) as a process warning naming `origin`'s line. */
export function warnOfStart(events: readonly NodeEvent[], origin: BenchOrigin): void {
  for (const event of events) {
    if (event.event !== 'warning' || typeof event.warning !== 'string') continue;
    const code = (typeof event.code === 'string' && codes[event.code]) || 'PINMESH_BENCH_WARNING';
    emit(event.warning, code, origin);
  }
}

/** Emits each input the sketch never heard (TestBench.inputsNeverRead) as a process warning naming `origin`'s line. */
export function warnOfNeverRead(never: readonly string[], origin: BenchOrigin): void {
  for (const what of never) emit(what, 'PINMESH_INPUT_NEVER_READ', origin);
}

/** Emits each level check of a pin the sketch never set up (TestBench.unsetPinsChecked) as a process warning naming `origin`'s line. */
export function warnOfUnsetChecks(checks: readonly string[], origin: BenchOrigin): void {
  for (const what of checks) emit(what, 'PINMESH_UNSET_PIN_CHECKED', origin);
}

function emit(said: string, code: string, { call, line, stack }: BenchOrigin): void {
  const message = `${said}${line === undefined ? '' : ` (${call ?? 'testSketch'}() at ${line})`}`;
  const warning = Object.assign(new Error(message), { name: 'Warning', code });
  if (stack !== undefined) warning.stack = `Warning: ${message}\n${stack}`;
  process.emitWarning(warning);
}
