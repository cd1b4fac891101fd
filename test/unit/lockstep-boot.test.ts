/**
 * A boot in lockstep with the host (src/boards/sim/lockstep-boot.ts): the power-on's first turn,
 * run on a grid of its own, so that a boot put back from the snapshot store is the same run, cycle
 * for cycle, as one run in full. The referee is the run with no store at all: the board's
 * listeners, the host's bytes and the MCU's answers, at the same MCU times, whichever way the boot
 * was had; and a host timer due during the boot fires at its time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BootSnapshotStore } from '../../src/boards/sim/boot-snapshot-store.js';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { FollowedClock } from '../../src/time/followed-clock.js';

/** Firmata from the host: report version, capability query, pin 13 output, pin 13 HIGH. */
const HOST_BYTES = [0xf9, 0xf0, 0x6b, 0xf7, 0xf4, 0x0d, 0x01, 0x91, 0x20, 0x00];

interface Run {
  /** What the board's listeners heard, each with its MCU time. */
  heard: string[];
  /** The MCU's bytes, each chunk with the MCU time the host got it. */
  received: string[];
  /** Where the MCU's turns ended (MCU ms), the first 40: where a host write can land. */
  turns: number[];
  /** When the host's timers fired (MCU ms). */
  fired: number[];
  endMs: number;
  restoredMs: number | undefined;
}

/**
 * Opens the board's port in lockstep with a host clock, waits for the boot, sends HOST_BYTES and
 * lets 200 ms of the MCU's time pass. `timerMs`: a host timer set before the first turn.
 */
async function run(bootSnapshots: BootSnapshotStore | false, timerMs?: number): Promise<Run> {
  const clock = new FollowedClock();
  const uno = new SimulatedUno({ paced: false, skipIdleUnpaced: true, lockstep: clock.lockstep, bootSnapshots });
  clock.attach({ now: () => uno.simulatedMs, onMoved: (listener) => (uno.on('turn', listener), () => uno.off('turn', listener)) });
  const heard: string[] = [];
  for (const event of ['pin', 'level', 'pwm', 'input', 'tone'] as const) {
    uno.on(event, (...args: unknown[]) => heard.push(`${event} ${JSON.stringify(args)}`));
  }
  const fired: number[] = [];
  const turns: number[] = [];
  uno.on('turn', () => turns.length < 40 && turns.push(uno.simulatedMs));
  try {
    const transport = await uno.openTransport();
    const received: string[] = [];
    transport.on('data', (data: Buffer) => received.push(`${clock.now()} ${data.toString('hex')}`));
    if (timerMs !== undefined) clock.setTimer(() => fired.push(clock.now()), timerMs);
    await uno.start();
    transport.write(HOST_BYTES);
    await clock.advance(200);
    return { heard, received, turns, fired, endMs: clock.now(), restoredMs: uno.stats().lastBoot?.restoredMs };
  } finally {
    uno.stop();
  }
}

describe('a boot in lockstep with the host', () => {
  /** One store for the file: the first test's first boot records into it. */
  const store = new BootSnapshotStore(undefined);

  it('is the same run put back from the store as run in full, recorded for it or with no store at all', async () => {
    const recorded = await run(store);
    assert.equal(store.keys().length, 1, 'the boot run in full was recorded');
    const putBack = await run(store);
    const withoutStore = await run(false);

    assert.equal(recorded.restoredMs, undefined, 'the first boot ran in full');
    assert.ok((putBack.restoredMs ?? 0) > 1_800, `the second was put back: ${putBack.restoredMs} of StandardFirmata's 1.9 s boot`);
    assert.ok(withoutStore.heard.filter((line) => line.startsWith('pin ')).length >= 10, 'the version blink was heard');
    assert.ok(withoutStore.received.some((chunk) => chunk.includes('6c')), 'the firmware answered the capability query (0x6C)');
    for (const [name, other] of [['recorded', recorded], ['put back', putBack]] as const) {
      assert.deepEqual(other.heard, withoutStore.heard, `${name}: the listeners heard the same, at the same times`);
      assert.deepEqual(other.received, withoutStore.received, `${name}: the same answers, at the same times`);
      assert.deepEqual(other.turns, withoutStore.turns, `${name}: the turns end at the same times`);
      assert.equal(other.endMs, withoutStore.endMs, `${name}: the same end`);
    }
  });

  it('fires a host timer due during the boot at its time: the snapshot is put back only when it stands before it', async () => {
    assert.equal(store.keys().length, 1, 'the first test recorded the boot into the store');
    const early = await run(store, 500);
    assert.equal(early.restoredMs, undefined, 'a timer at 500 ms: the boot ran in full');
    assert.ok(early.fired[0]! >= 500 && early.fired[0]! < 500.001, `it fired at its time: ${early.fired[0]} ms`);

    const late = await run(store, 2_000);
    assert.ok((late.restoredMs ?? 0) > 1_800, 'a timer after the boot: put back');
    // Once booted, a skipped idle loop ends its turn at its anchor: up to one of its rounds (µs) past the timer.
    assert.ok(late.fired[0]! >= 2_000 && late.fired[0]! < 2_000.1, `it fired at its time: ${late.fired[0]} ms`);
  });
});
