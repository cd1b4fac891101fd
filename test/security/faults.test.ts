import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeCircuitFile, startCli, type CliProcess } from '../support/cli.js';

type Event = Record<string, unknown>;

/**
 * Every tick the clock sent is answered exactly once, `acknowledged` or `error: …`; and every
 * acknowledged tick's bits reached a buzzer, in order (the buzzers' signals contain them).
 */
function assertAccounted(clock: Event[], iopin: Event[], buzzerSignals: string[]): { acked: number[]; failed: number[] } {
  const sent = clock.filter((e) => e.event === 'tick').map((e) => e.tick as number);
  const answers = clock.filter((e) => (e.event === 'ack' || e.event === 'error') && typeof e.tick === 'number');
  assert.deepEqual(answers.map((e) => e.tick), sent, 'each tick answered once, in order');
  for (const answer of answers) {
    if (answer.event === 'ack') assert.equal(answer.reply, 'acknowledged');
    else assert.match(String(answer.reply), /^error: /);
  }
  const acked = answers.filter((e) => e.event === 'ack').map((e) => e.tick as number);
  const failed = answers.filter((e) => e.event === 'error').map((e) => e.tick as number);

  let at = 0;
  for (const tick of acked) {
    const bits = (iopin.find((e) => e.event === 'tick' && e.message === String(tick))?.bits as number[]).map(String);
    for (const bit of bits) {
      while (at < buzzerSignals.length && buzzerSignals[at] !== bit) at += 1;
      assert.ok(at < buzzerSignals.length, `tick ${tick} was acknowledged, yet its bits ${bits} did not all reach the buzzer`);
      at += 1;
    }
  }
  return { acked, failed };
}

const signals = (buzzer: CliProcess) => buzzer.events().filter((e) => e.event === 'signal').map((e) => String(e.signal));

describe('faults: the circuit accounts for every tick and recovers by itself', () => {
  it('the buzzer killed (SIGKILL) mid-run and started again', async () => {
    const circuit = await freeCircuitFile();
    const buzzer = startCli(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
    await buzzer.waitForEvent((e) => e.event === 'listening');
    const iopin = startCli(['iopin', '--board', 'mock', '--json', '--hold', '0', '--circuit', circuit.path]);
    await iopin.waitForEvent((e) => e.event === 'listening');
    const clock = startCli(['clock', '--json', '--ticks', '30', '--delay', '0', '--circuit', circuit.path]);
    let restarted: CliProcess | undefined;
    try {
      await clock.waitForEvent((e) => e.event === 'ack' && e.tick === 5);
      buzzer.child.kill('SIGKILL');
      await buzzer.exited;
      restarted = startCli(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
      const result = await clock.exited;
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      assert.doesNotMatch(result.stderr, /unexpected error/);
      const { acked, failed } = assertAccounted(clock.events(), iopin.events(), [...signals(buzzer), ...signals(restarted)]);
      process.stdout.write(`# SIGKILL and restart: ${acked.length} acknowledged, ${failed.length} error: … (ticks ${failed.join(', ')}), none unanswered\n`);
      assert.ok(acked.includes(29), 'the last tick is acknowledged: the circuit recovered without help');
      assert.equal(acked.length + failed.length, 30);
    } finally {
      for (const child of [iopin, restarted, clock]) child?.child.kill('SIGINT');
      await Promise.all([iopin.exited, restarted?.exited]);
    }
  });

  it('the buzzer stopped (SIGSTOP) mid-run, then continued (SIGCONT)', async () => {
    const circuit = await freeCircuitFile();
    const buzzer = startCli(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
    await buzzer.waitForEvent((e) => e.event === 'listening');
    const iopin = startCli(['iopin', '--board', 'mock', '--json', '--hold', '0', '--circuit', circuit.path]);
    await iopin.waitForEvent((e) => e.event === 'listening');
    const clock = startCli(['clock', '--json', '--ticks', '12', '--delay', '0.02', '--circuit', circuit.path]);
    try {
      await clock.waitForEvent((e) => e.event === 'ack' && e.tick === 3);
      buzzer.child.kill('SIGSTOP');
      // A tick goes out after the last one answered, and reaches the iopin, which waits on the frozen buzzer.
      const answered = Math.max(...clock.events().filter((e) => e.event === 'ack' || e.event === 'error').map((e) => e.tick as number));
      await iopin.waitForEvent((e) => e.event === 'tick' && Number(e.message) > answered);
      buzzer.child.kill('SIGCONT');
      const result = await clock.exited;
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      const { acked, failed } = assertAccounted(clock.events(), iopin.events(), signals(buzzer));
      process.stdout.write(`# SIGSTOP/SIGCONT: ${acked.length} acknowledged, ${failed.length} error: …, none unanswered\n`);
      assert.ok(acked.includes(11), 'the last tick is acknowledged: the circuit recovered without help');
    } finally {
      buzzer.child.kill('SIGCONT');
      for (const child of [buzzer, iopin, clock]) child.child.kill('SIGINT');
      await Promise.all([buzzer.exited, iopin.exited]);
    }
  });
});
