/**
 * `pinmesh sim --firmware FILE.hex`: any program compiled for the ATmega328P runs on the simulated
 * Uno as StandardFirmata does, its pins printed as the MCU drives them; a file that cannot be run
 * is one line of advice naming it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findSocat } from '../../src/sim-serial/socat.js';
import { hasNoStackTrace, runCli, startCli } from '../support/cli.js';
import { blinkHex } from '../support/real-bootloader.js';

const skip = findSocat() ? false : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
const newLink = async () => join(await mkdtemp(join(tmpdir(), 'pinmesh-fw-')), 'uno');
const DEBIAN_OPTIBOOT = '/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot/optiboot_atmega328.hex';

describe('pinmesh sim --firmware: your own compiled program on the simulated Uno', { skip, timeout: 300_000 }, () => {
  it("runs avrgirl-arduino's Blink: pin 13 toggles once a second, printed as the MCU drives it", async () => {
    const sim = startCli(['sim', '--serial', '--link', await newLink(), '--firmware', await blinkHex(), '--json']);
    try {
      await sim.waitForEvent((e) => e.event === 'serial');
      const led = () => sim.events().filter((e) => e.event === 'pin' && e.pin === 13) as Array<{ value: number; at: number }>;
      await sim.waitForLine(() => led().length >= 3);
      const edges = led();
      assert.deepEqual(edges.map((e) => e.value).slice(0, 3), [1, 0, 1]);
      for (let i = 1; i < 3; i++) {
        const interval = edges[i]!.at - edges[i - 1]!.at;
        assert.ok(Math.abs(interval - 1000) < 20, `pin 13 toggled after ${interval} simulated ms`);
      }
    } finally {
      sim.child.kill('SIGINT');
      await sim.exited;
    }
  });

  it('a missing or malformed file, or one too big for the flash, is one line naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-fw-bad-'));
    const notHex = join(dir, 'sketch.hex');
    await writeFile(notHex, 'this is not Intel HEX\n');
    const cases: Array<[string[], RegExp]> = [
      [['--firmware', join(dir, 'missing.hex')], /cannot read the firmware .*missing\.hex.*Intel HEX file/],
      [['--firmware', notHex], /sketch\.hex is not a usable firmware for the ATmega328P/],
    ];
    // Debian's optiboot build is 532 bytes from 0x7E00: its code runs over the version word at 0x7FFE
    // and past the 32 KiB of flash. Refused, not truncated.
    if (existsSync(DEBIAN_OPTIBOOT)) cases.push([['--bootloader', DEBIAN_OPTIBOOT], /optiboot_atmega328\.hex is not a usable bootloader for the ATmega328P: Overlapping data/]);
    for (const [flags, message] of cases) {
      const result = await runCli(['sim', '--serial', '--link', await newLink(), ...flags]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, message);
      assert.ok(hasNoStackTrace(result.stderr), result.stderr);
    }
  });
});
