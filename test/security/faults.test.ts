import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeCircuitFile, startCli, type CliProcess } from '../support/cli.js';
import { assertErrorReply } from '../support/error-replies.js';

type Event = Record<string, unknown>;

/** What the buzzer replies to a bit it played: the article's sound for 1, `...` for 0. */
const played = (bit: string) => (bit === '1' ? 'buzz buzz buzz' : '...');

/**
 * Every tick the clock sent is answered exactly once, `acknowledged` or `error: …`; and every
 * acknowledged tick's bits reached a buzzer, in order. The proof that a bit reached the buzzer is
 * the buzzer's own reply to it, as the iopin received it (its `ack` events): the buzzer replies only
 * once the piezo write reached the board. (The buzzer's own event lines are no proof: a process
 * killed with SIGKILL loses the lines it had not written out yet; see README, "Event lines".)
 */
function assertAccounted(clock: Event[], iopin: Event[]): { acked: number[]; failed: number[] } {
  const sent = clock.filter((e) => e.event === 'tick').map((e) => e.tick as number);
  const answers = clock.filter((e) => (e.event === 'ack' || e.event === 'error') && typeof e.tick === 'number');
  assert.deepEqual(answers.map((e) => e.tick), sent, 'each tick answered once, in order');
  for (const answer of answers) {
    if (answer.event === 'ack') assert.equal(answer.reply, 'acknowledged');
    else assertErrorReply(String(answer.reply));
  }
  const acked = answers.filter((e) => e.event === 'ack').map((e) => e.tick as number);
  const failed = answers.filter((e) => e.event === 'error').map((e) => e.tick as number);

  const buzzerReplies = iopin.filter((e) => e.event === 'ack' && e.peer === 'buzzer');
  let at = 0;
  for (const tick of acked) {
    const bits = (iopin.find((e) => e.event === 'tick' && e.message === String(tick))?.bits as number[]).map(String);
    for (const bit of bits) {
      while (at < buzzerReplies.length && !(buzzerReplies[at]!.message === bit && buzzerReplies[at]!.reply === played(bit))) at += 1;
      assert.ok(at < buzzerReplies.length, `tick ${tick} was acknowledged, yet the buzzer did not play all its bits ${bits}`);
      at += 1;
    }
  }
  return { acked, failed };
}

/** Stops the processes that are still running (as Ctrl-C would) and waits until their output is all read. */
async function stopAll(...processes: Array<CliProcess | undefined>): Promise<void> {
  for (const running of processes) running?.child.kill('SIGINT');
  await Promise.all(processes.map((running) => running?.exited));
}

// Two circuits of their own, on their own ports: they run at the same time (most of each is the iopin's reconnection backoff).
describe('faults: the circuit accounts for every tick and recovers by itself', { concurrency: true }, () => {
  it('the buzzer killed (SIGKILL) mid-run and started again', async () => {
    const circuit = await freeCircuitFile();
    const buzzer = startCli(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
    await buzzer.waitForEvent((e) => e.event === 'listening');
    const iopin = startCli(['iopin', '--board', 'mock', '--json', '--hold', '0', '--circuit', circuit.path]);
    await iopin.waitForEvent((e) => e.event === 'listening');
    // Ticking until stopped: however fast the machine, ticks are still going out once the buzzer is back.
    const clock = startCli(['clock', '--json', '--ticks', '0', '--delay', '0.01', '--circuit', circuit.path]);
    let restarted: CliProcess | undefined;
    try {
      await clock.waitForEvent((e) => e.event === 'ack' && e.tick === 5);
      buzzer.child.kill('SIGKILL');
      await buzzer.exited;
      restarted = startCli(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
      await restarted.waitForEvent((e) => e.event === 'listening');
      // Recovered: a tick sent after the new buzzer listened is acknowledged, with no help from anyone.
      const sentBefore = Math.max(...clock.events().filter((e) => e.event === 'tick').map((e) => e.tick as number));
      const recovered = await clock.waitForEvent((e) => e.event === 'ack' && (e.tick as number) > sentBefore);
      clock.child.kill('SIGINT');
      const result = await clock.exited;
      assert.doesNotMatch(result.stderr, /unexpected error/);
      assert.equal(clock.events().find((e) => e.event === 'stopping')?.outputs, false, 'a clock has no board: no outputs to drive LOW');
      await stopAll(iopin, restarted);
      const { acked, failed } = assertAccounted(clock.events(), iopin.events());
      process.stdout.write(`# SIGKILL and restart: ${acked.length} acknowledged, ${failed.length} error: … (ticks ${failed.join(', ')}), none unanswered; tick ${String(recovered.tick)} was the first acknowledged of those sent after the restart\n`);
      // A tick in flight when the buzzer died is answered error: …; one that came between ticks waits for the new buzzer.
      assert.equal(result.code, failed.length > 0 ? 1 : 130, `exit status 1 when a tick failed, else 130 (stopped by Ctrl-C)\n${result.stderr}`);
      assert.ok(acked.includes(Math.max(...acked, ...failed)), 'the last tick is acknowledged: the circuit stayed recovered');
    } finally {
      await stopAll(iopin, restarted, clock);
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
      buzzer.child.kill('SIGCONT');
      await stopAll(buzzer, iopin);
      const { acked, failed } = assertAccounted(clock.events(), iopin.events());
      process.stdout.write(`# SIGSTOP/SIGCONT: ${acked.length} acknowledged, ${failed.length} error: …, none unanswered\n`);
      assert.ok(acked.includes(11), 'the last tick is acknowledged: the circuit recovered without help');
    } finally {
      buzzer.child.kill('SIGCONT');
      await stopAll(buzzer, iopin, clock);
    }
  });
});
