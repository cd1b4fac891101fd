/**
 * `pinmesh sim --bootloader`: a bootloader built too big for the boot section it starts in is refused
 * with the reason and what to use instead; Debian's rebuilt optiboot_atmega328.hex (532 bytes from
 * 0x7E00, its version word at 0x7FFE inside its own code) by name, with the Duemilanove's ATmegaBOOT
 * beside it and the optiboot build script.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dataSpan } from '../../src/firmware/bootloader-advice.js';
import { loadUserImage } from '../../src/firmware/program-image.js';
import { UserError } from '../../src/errors.js';
import { pseudoRandomBytes as bytes, toIntelHex } from '../support/intel-hex-text.js';

const FLASH = 32_768;
const DEBIAN_OPTIBOOT = '/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot/optiboot_atmega328.hex';

/** Debian's optiboot as its records lie: 532 bytes of code from 0x7E00, and the version word at 0x7FFE over them. */
const tooBigOptiboot = (): string => toIntelHex([[0x7e00, bytes(532, 7)]]).replace(/:00000001FF\r\n$/, `${toIntelHex([[0x7ffe, Uint8Array.of(4, 4)]])}`);

describe('a bootloader too big for its boot section', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-bootloader-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('measures where the data lies, overlapping records and all', () => {
    assert.deepEqual(dataSpan(tooBigOptiboot()), { start: 0x7e00, end: 0x8014 });
    assert.equal(dataSpan(':00000001FF\n'), undefined);
  });

  it("Debian's optiboot_atmega328.hex: the Duemilanove's ATmegaBOOT beside it, or optiboot built by the script in a clone", async () => {
    const bootloaders = join(dir, 'bootloaders');
    await mkdir(join(bootloaders, 'optiboot'), { recursive: true });
    await mkdir(join(bootloaders, 'atmega'));
    const optiboot = join(bootloaders, 'optiboot', 'optiboot_atmega328.hex');
    await writeFile(optiboot, tooBigOptiboot());
    await writeFile(join(bootloaders, 'atmega', 'ATmegaBOOT_168_atmega328.hex'), toIntelHex([[0x7800, bytes(1_900)]]));
    assert.throws(() => loadUserImage(optiboot, FLASH, 'bootloader'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /^\S+optiboot_atmega328\.hex is not a usable bootloader for the ATmega328P: Overlapping data around address 0x7ffe\. /);
      assert.ok(
        error.message.endsWith(
          `Debian's optiboot_atmega328.hex is built too big for the boot section (532 of 512 bytes): use ${join(bootloaders, 'atmega', 'ATmegaBOOT_168_atmega328.hex')} (the Duemilanove's), ` +
            'or build optiboot with scripts/build-optiboot.sh in a clone of pinmesh (docs/simulator.md)',
        ),
        error.message,
      );
      return true;
    });
  });

  it('another too-big bootloader: the sizes, no word of optiboot', async () => {
    const mine = join(dir, 'mine.hex');
    await writeFile(mine, tooBigOptiboot());
    assert.throws(() => loadUserImage(mine, FLASH, 'bootloader'), /: Overlapping data around address 0x7ffe\. It is built too big for the boot section it starts in \(532 of 512 bytes\)$/);
    assert.throws(() => loadUserImage(mine, FLASH, 'firmware'), /Overlapping data around address 0x7ffe$/, 'a --firmware is no bootloader');
  });

  it("Debian's own file, where arduino-core-avr is installed", { skip: existsSync(DEBIAN_OPTIBOOT) ? false : 'arduino-core-avr is not installed' }, () => {
    assert.throws(() => loadUserImage(DEBIAN_OPTIBOOT, FLASH, 'bootloader'), /Debian's optiboot_atmega328\.hex is built too big for the boot section \(532 of 512 bytes\): use \/usr\/share\/arduino\/hardware\/arduino\/avr\/bootloaders\/atmega\/ATmegaBOOT_168_atmega328\.hex \(the Duemilanove's\)/);
  });
});
