/**
 * What a run warned of while a test's bench started, said once as a process warning: options its
 * sketch takes unchecked (`{ options: { ringMS: 200 } }` for a sketch reading `ringMs`), which
 * `pinmesh run` prints and `pinmesh test` shows under its scenario, sat in `bench.events` only, and
 * the test passed testing the default. The warning names the line of the test that started the
 * bench; its stack is that call's (`node --trace-warnings`).
 */
import type { NodeEvent } from '../report/events.js';
import type { BenchOrigin } from './bench-origin.js';

/** The process warning's code for a run's warning code; one of its own for the others. */
const codes: Readonly<Record<string, string>> = { 'unchecked-options': 'PINMESH_UNCHECKED_OPTIONS' };

/** Emits each warning among `events` (a bench's, once it started) as a process warning naming `origin`'s line. */
export function warnOfStart(events: readonly NodeEvent[], { call, line, stack }: BenchOrigin): void {
  for (const event of events) {
    if (event.event !== 'warning' || typeof event.warning !== 'string') continue;
    const message = `${event.warning}${line === undefined ? '' : ` (${call ?? 'testSketch'}() at ${line})`}`;
    const code = (typeof event.code === 'string' && codes[event.code]) || 'PINMESH_BENCH_WARNING';
    const warning = Object.assign(new Error(message), { name: 'Warning', code });
    if (stack !== undefined) warning.stack = `Warning: ${message}\n${stack}`;
    process.emitWarning(warning);
  }
}
