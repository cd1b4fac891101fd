/**
 * Boot snapshots (src/boards/sim/boot-snapshot.ts): a firmware's boot, taken once, is put back on
 * later power-ons instead of executed. The referee is the boot executed in full: from the moment
 * the snapshot stands for, the chip must be the same in every register, byte of memory, pending
 * interrupt and clock event, and go on to answer the same host bytes with the same bytes at the
 * same cycles; the board's listeners must hear the same boot (the version blink's edges) at the
 * same simulated times.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BootRecorder, replayBoot, type BootSnapshot } from '../../src/boards/sim/boot-snapshot.js';
import { BootSnapshotStore, parseSnapshot, serializeSnapshot } from '../../src/boards/sim/boot-snapshot-store.js';
import { IdleLoopSkip } from '../../src/boards/sim/idle-loop-skip.js';
import { Mcu, type McuConfig } from '../../src/boards/sim/mcu.js';
import { takeMcuState } from '../../src/boards/sim/mcu-state.js';
import { SIM_MEGA, SIM_UNO, type SimModel } from '../../src/boards/sim/sim-models.js';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { UsartLink } from '../../src/boards/sim/usart-link.js';
import { firmwarePath } from '../../src/firmware/ensure-firmware.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';
import { loadProgramImage } from '../../src/firmware/program-image.js';

/** The pacer's usual turn: 2 ms of the MCU's time; the host may act between turns. */
const turnCycles = (config: McuConfig) => (2 * config.clockHz) / 1000;

/** Firmata from the host: report version, capability query, pin 13 output, pin 13 HIGH, analog A0 on. */
const HOST_BYTES = [0xf9, 0xf0, 0x6b, 0xf7, 0xf4, 0x0d, 0x01, 0xf5, 0x0d, 0x01, 0xc0, 0x01];

/**
 * The model's StandardFirmata, found or fetched and verified on first use, as the simulator gets it:
 * `npm install` fetches only the Uno's, and no other test file may be counted on to have fetched
 * the Mega's before this one runs (CI at bd4b751 ran this first and failed on a missing file).
 */
async function program(model: SimModel): Promise<Uint16Array> {
  const path = await firmwarePath({ manifest: readFirmwareManifest(undefined, model.name), progress: () => undefined });
  return loadProgramImage(path, model.mcu.flashBytes, model);
}

/**
 * Boots in turns, taking the chip's state after each, until the firmware first transmits (at
 * `spokeAt`), with its idle loops and delay()s skipped as a simulated board's boot is (the
 * recorder wraps the I/O hooks first, the skip after it).
 */
function recordBoot(flash: Uint16Array, config: McuConfig): BootSnapshot & { spokeAt: number } {
  const mcu = new Mcu(flash, config);
  const link = new UsartLink(mcu);
  const recorder = new BootRecorder(mcu);
  const idle = new IdleLoopSkip(mcu);
  while (link.transmitted === 0) {
    idle.runUntil(mcu.cycles + turnCycles(config));
    idle.invalidate();
    if (link.transmitted === 0) recorder.take();
  }
  const snapshot = recorder.finish();
  assert.ok(snapshot, 'a state was taken');
  return { ...snapshot, spokeAt: mcu.cycles };
}

/** The same boot with every cycle executed, in turns of the same length, up to the cycle the snapshot stands for. */
function executedTo(flash: Uint16Array, config: McuConfig, cycles: number): { mcu: Mcu; link: UsartLink } {
  const mcu = new Mcu(flash, config);
  const link = new UsartLink(mcu);
  while (mcu.cycles < cycles) mcu.runUntil(Math.min(cycles, mcu.cycles + turnCycles(config)));
  assert.equal(mcu.cycles, cycles, 'the executed boot passes the very cycle the state was taken at');
  return { mcu, link };
}

/** Sends the host's bytes, runs 300 ms in turns; per turn: the cycle, what was transmitted, the whole data space. */
function goOn(mcu: Mcu, link: UsartLink): { cycles: number; transmitted: number[]; data: Buffer }[] {
  link.takeTransmitted();
  link.send(HOST_BYTES);
  const turns = [];
  for (let turn = 0; turn < 150; turn++) {
    mcu.runUntil(mcu.cycles + turnCycles(mcu.config));
    turns.push({ cycles: mcu.cycles, transmitted: [...(link.takeTransmitted() ?? [])], data: Buffer.from(mcu.cpu.data) });
  }
  return turns;
}

for (const model of [SIM_UNO, SIM_MEGA]) {
  describe(`a boot snapshot of the ${model.title}'s StandardFirmata`, () => {
    it('puts the chip in the very state the executed boot reaches, and it answers the host as that one does', async () => {
      const flash = await program(model);
      const snapshot = recordBoot(flash, model.mcu);
      const { spokeAt } = snapshot;
      assert.ok(snapshot.state.cycles > spokeAt * 0.95, `the snapshot stands for most of the boot (${snapshot.state.cycles} of ${spokeAt} cycles)`);
      assert.ok(snapshot.portChanges.length >= 10, 'the blink is in it');

      const restored = new Mcu(flash, model.mcu);
      const restoredLink = new UsartLink(restored);
      assert.equal(replayBoot(restored, snapshot), true);
      const executed = executedTo(flash, model.mcu, snapshot.state.cycles);
      assert.deepEqual(takeMcuState(restored), takeMcuState(executed.mcu));

      const after = goOn(restored, restoredLink);
      const reference = goOn(executed.mcu, executed.link);
      const transmitted = reference.flatMap((turn) => turn.transmitted);
      assert.ok(transmitted.includes(0x6c), 'the executed one answered the capability query (0x6C)');
      for (let turn = 0; turn < reference.length; turn++) {
        assert.equal(after[turn]!.cycles, reference[turn]!.cycles, `turn ${turn}: cycle`);
        assert.deepEqual(after[turn]!.transmitted, reference[turn]!.transmitted, `turn ${turn}: bytes transmitted`);
        assert.ok(after[turn]!.data.equals(reference[turn]!.data), `turn ${turn}: data space`);
      }
    });
  });
}

/** Boots a simulated board on `store`; what its listeners heard during the boot, and the boot's figures. */
async function bootBoard(options: ConstructorParameters<typeof SimulatedUno>[0]) {
  const uno = new SimulatedUno(options);
  const heard: string[] = [];
  for (const event of ['pin', 'level', 'pwm', 'input', 'tone'] as const) {
    uno.on(event, (...args: unknown[]) => heard.push(`${event} ${JSON.stringify(args)}`));
  }
  try {
    await uno.start();
    return { heard, boot: uno.stats().lastBoot!, flash: uno.flashImage() };
  } finally {
    uno.stop();
  }
}

describe('a simulated board booting from its snapshot store', () => {
  it('puts back a boot it has seen, and its listeners hear the same boot at the same times', async () => {
    const store = new BootSnapshotStore(undefined);
    const first = await bootBoard({ bootSnapshots: store });
    const second = await bootBoard({ bootSnapshots: store });
    assert.equal(first.boot.restoredMs, undefined, 'the first boot runs');
    assert.ok(second.boot.restoredMs! > 1800, `the second is put back (${second.boot.restoredMs} ms of 1,876)`);
    assert.equal(second.boot.simulatedMs, first.boot.simulatedMs, 'the firmware spoke at the same simulated ms');
    assert.ok(first.heard.some((line) => line.startsWith('pin [{"pin":13,"value":1')), 'the version blink was heard');
    assert.deepEqual(second.heard, first.heard);
  });

  it('runs in full what differs: other wiring on the pins', async () => {
    const store = new BootSnapshotStore(undefined);
    await bootBoard({ bootSnapshots: store });
    const uno = new SimulatedUno({ bootSnapshots: store });
    uno.setInput(2, 0);
    try {
      await uno.start();
      assert.equal(uno.stats().lastBoot!.restoredMs, undefined);
    } finally {
      uno.stop();
    }
  });

  it('keeps nothing of a boot the host spoke into', async () => {
    const store = new BootSnapshotStore(undefined);
    const uno = new SimulatedUno({ bootSnapshots: store });
    const transport = await uno.openTransport();
    transport.write(Buffer.from([0xf9]));
    await new Promise<void>((resolve) => uno.once('boot', () => resolve()));
    uno.stop();
    const again = await bootBoard({ bootSnapshots: store });
    assert.equal(again.boot.restoredMs, undefined, 'nothing was stored to put back');
  });

  it('keeps nothing of a boot during which a button was pressed, even one let go at once', async () => {
    const store = new BootSnapshotStore(undefined);
    const uno = new SimulatedUno({ bootSnapshots: store });
    const booted = uno.start();
    await new Promise<void>((resolve) => uno.once('turn', () => resolve()));
    uno.setInput(2, 0);
    uno.setInput(2, 'open');
    await booted;
    uno.stop();
    assert.deepEqual(store.keys(), [], 'the wiring is as it was, the chip is not');
  });

  it('drops a snapshot that does not replay as recorded, and boots in full', async () => {
    const store = new BootSnapshotStore(undefined);
    const first = await bootBoard({ bootSnapshots: store });
    assert.equal(store.keys().length, 1);
    const key = store.keys()[0]!;
    const damaged = structuredClone(store.get(key)!);
    damaged.portChanges.pop();
    store.put(key, damaged);
    const second = await bootBoard({ bootSnapshots: store });
    assert.equal(second.boot.restoredMs, undefined);
    assert.deepEqual(second.heard, first.heard, 'the full boot is heard, once');
    const third = await bootBoard({ bootSnapshots: store });
    assert.ok(third.boot.restoredMs! > 1800, 'the full boot recorded a good one again');
  });
});

describe('the snapshot files', () => {
  it('read back what was written, undefined and infinities included', async () => {
    const { spokeAt: _, ...snapshot } = recordBoot(await program(SIM_UNO), SIM_UNO.mcu);
    snapshot.state.fields[0]!.odd = undefined;
    snapshot.state.fields[0]!.far = -Infinity;
    assert.deepEqual(parseSnapshot(serializeSnapshot(snapshot)), snapshot);
  });

  it('are shared through the folder, and one that does not parse is removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinmesh-boot-snapshots-'));
    try {
      const { spokeAt: _, ...snapshot } = recordBoot(await program(SIM_UNO), SIM_UNO.mcu);
      new BootSnapshotStore(dir).put('k1', snapshot);
      assert.deepEqual(new BootSnapshotStore(dir).get('k1'), snapshot, 'another process finds it');
      writeFileSync(join(dir, 'k2.json'), '{"format":1,"state":');
      assert.equal(new BootSnapshotStore(dir).get('k2'), undefined);
      assert.deepEqual(readdirSync(dir), ['k1.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
