/**
 * `pinmesh flash` through real bootloader code: a simulated board runs Debian's ATmegaBOOT (the
 * Nano's and Duemilanove's bootloader, STK500v1 at 57600) in its boot section and Blink as its
 * sketch, behind a pseudo-terminal. pinmesh flash writes StandardFirmata through the bootloader and
 * verifies it, and the probe after it names the firmware. avrdude is the referee: at the same time it
 * writes the same hex to a second such board, and the two boards' flash is then the same.
 *
 * The boards run in this process (the test is about the flashers, not about `pinmesh sim`, which
 * real-bootloader.test.ts runs with avrdude reading its flash back): their flash is compared as it
 * is, not read back at 57600 baud.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { bundledFirmwarePath } from '../../src/firmware/bundled-firmware.js';
import { parseIntelHex } from '../../src/firmware/intel-hex.js';
import { SerialBridge } from '../../src/sim-serial/serial-bridge.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { ATMEGABOOT, avrdude, blinkHex, flashThroughBootloader, probeOnceReady, realBootloaderSkip } from '../support/real-bootloader.js';

const skip = findSocat() ? realBootloaderSkip() : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
const BOOT_SECTION = 0x7800;

/** The application section of a board's flash, as bytes. */
function applicationSection(uno: SimulatedUno): Buffer {
  const image = uno.flashImage();
  return Buffer.from(image.buffer, image.byteOffset, image.byteLength).subarray(0, BOOT_SECTION);
}

describe('pinmesh flash through the real ATmegaBOOT in the simulated board', { skip, timeout: 1_500_000 }, () => {
  let dir: string;
  const boards: Array<{ uno: SimulatedUno; bridge: SerialBridge }> = [];

  /** A simulated board with ATmegaBOOT, running Blink, on a pseudo-terminal; resolves with it and its port. */
  async function boardWithBootloader(name: string): Promise<{ uno: SimulatedUno; link: string }> {
    const uno = new SimulatedUno({ bootloaderPath: ATMEGABOOT, hexPath: await blinkHex(), userFirmware: true });
    const bridge = new SerialBridge(uno, { link: join(dir, name) });
    boards.push({ uno, bridge });
    const { link } = await bridge.start();
    return { uno, link };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-flash-boot-'));
  });
  after(async () => {
    for (const { uno, bridge } of boards) {
      await bridge.close();
      uno.stop();
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('writes and verifies StandardFirmata at 57600 baud, which then names itself to the probe; avrdude, writing the same hex, leaves the same flash', async () => {
    const [byPinmesh, byAvrdude] = await Promise.all([boardWithBootloader('pinmesh'), boardWithBootloader('avrdude')]);
    const [flash, upload] = await Promise.all([
      flashThroughBootloader(['flash', '--serial-port', byPinmesh.link, '--baud', '57600']),
      avrdude(byAvrdude.link, `flash:w:${bundledFirmwarePath()}:i`, 57600, ['-D']),
    ]);
    const { result, probed } = flash;
    assert.equal(result.ok, true, flash.stderr);
    assert.equal(result.baudRate, 57600);
    assert.equal(result.chip, 'ATmega328P');
    assert.equal(result.pages, 96);
    const identity = flash.code === 0 ? probed!.identity : await probeOnceReady(byPinmesh.link, flash.stderr);
    assert.deepEqual(identity, { kind: 'uno', firmware: 'StandardFirmata.ino', version: '2.4', port: byPinmesh.link, board: 'uno' });
    assert.equal(upload.code, 0, upload.stderr);
    assert.match(upload.stderr, /bytes of flash verified/);

    const written = applicationSection(byPinmesh.uno);
    const expected = applicationSection(byAvrdude.uno);
    const firmata = parseIntelHex(await readFile(bundledFirmwarePath(), 'latin1'));
    assert.deepEqual(written.subarray(0, firmata.endAddress), expected.subarray(0, firmata.endAddress), 'StandardFirmata');
    assert.ok(written.equals(expected), 'the whole application section, byte for byte');
  });
});
