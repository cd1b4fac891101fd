/**
 * A maker's own program (test/fixtures/program-on-the-sim.mjs) runs the article's circuit on the
 * simulated Uno through the library, and is stopped as a person stops it: Ctrl-C, or a kill. Its
 * outputs go LOW as the `pinmesh` command's do, seen on the MCU, and it still ends by the signal.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { CliProcess, type CliResult } from '../support/cli.js';
import { within } from '../support/fleet-cli.js';

function startProgram(...args: string[]): CliProcess {
  return new CliProcess(spawn(process.execPath, ['test/fixtures/program-on-the-sim.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** How it exited; a program still running `ms` after the signal fails the test, saying what it printed, and is killed (it would hold this file's process). */
async function exitedWithin(program: CliProcess, ms: number): Promise<CliResult> {
  try {
    return await within(ms, program.exited, 'the program ending after the signal', { program });
  } catch (error) {
    program.child.kill('SIGKILL');
    await program.exited;
    throw error;
  }
}

/** test/fixtures/nodes-one-by-one.mjs: `count` nodes served one by one, each on its own mock board. */
function startNodesOneByOne(count: number): CliProcess {
  return new CliProcess(spawn(process.execPath, ['test/fixtures/nodes-one-by-one.mjs', String(count)], { stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The events after `index`: the LED LOW and the piezo silent on the MCU, the board's closing line last. */
function assertMadeSafe(events: Array<Record<string, unknown>>, index: number): void {
  const after = events.slice(index);
  assert.ok(after.some((e) => e.event === 'pin' && e.pin === 13 && e.value === 0 && e.source === 'mcu'), 'LED LOW on the MCU');
  assert.ok(after.some((e) => e.event === 'buzz' && e.on === false && e.source === 'mcu'), 'piezo silent on the MCU');
  assert.deepEqual(
    after.filter((e) => e.event === 'closed').map((e) => e.outputs),
    ['low'],
    'the board closed, its outputs said LOW',
  );
}

describe('a program running a circuit through the library, stopped by a signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal}: the LED LOW and the piezo silent on the MCU, then the program ends by ${signal}`, async () => {
      const program = startProgram();
      await program.waitForEvent((e) => e.node === 'clock' && e.event === 'ack');
      const sent = program.lines.length;
      program.child.kill(signal);
      const result = await program.exited;
      assert.equal(result.signal, signal, `ended by the signal, as Node's default would (code ${result.code}); stderr:\n${result.stderr}`);
      assertMadeSafe(program.events(), sent);
    });
  }

  it('a program that listens for SIGINT itself decides: a Ctrl-C it only notes leaves the circuit running; its own stop() makes the outputs safe', async () => {
    const program = startProgram('own-handler');
    await program.waitForEvent((e) => e.node === 'clock' && e.event === 'ack');
    program.child.kill('SIGINT');
    await program.waitForEvent((e) => e.event === 'ctrl-c');
    const acks = () => program.events().filter((e) => e.node === 'clock' && e.event === 'ack').length;
    const acked = acks();
    await program.waitForLine(() => acks() > acked); // still ticking
    program.child.kill('SIGINT');
    const result = await program.exited;
    assert.equal(result.code, 7, `the program's own exit; stderr:\n${result.stderr}`);
    const events = program.events();
    assertMadeSafe(events, events.findIndex((e) => e.event === 'ctrl-c' && e.asked === 2));
  });

  // Each run once had a handler of its own, and took the other's for the program's: Ctrl-C did nothing.
  for (const count of [2, 11]) {
    it(`a program serving ${count} nodes one by one (docs/library.md's buzzer and iopin${count > 2 ? ', then more buzzers' : ''}): Ctrl-C closes every board, outputs LOW, and ends it by SIGINT`, async () => {
      const program = startNodesOneByOne(count);
      await program.waitForEvent((e) => e.event === 'serving');
      program.child.kill('SIGINT');
      const result = await exitedWithin(program, 20_000);
      assert.equal(result.signal, 'SIGINT', `ended by the signal (code ${result.code}); stderr:\n${result.stderr}`);
      const closed = program.events().filter((e) => e.event === 'closed');
      assert.deepEqual(closed.map((e) => e.outputs), new Array<string>(count).fill('low'), `each of the ${count} boards closed, its outputs LOW`);
      assert.doesNotMatch(result.stderr, /MaxListenersExceededWarning/, 'one handler a signal, however many nodes');
    });
  }
});
