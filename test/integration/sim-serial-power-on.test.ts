/**
 * The simulated board's serial port appears when the board gets power, as a real board's USB port
 * does when it is plugged in: before its firmware has booted. Opening the port resets the MCU (DTR)
 * anyway, so a boot the port waited for would be thrown away by its first client. For a firmware
 * that never writes to its line (Blink) that boot runs to its 4 simulated s limit: with a bootloader
 * (whose boots are never put back from a snapshot), about 2.8 s here before `pinmesh sim --serial
 * --bootloader … --firmware Blink.hex` said where its port was.
 */
import assert from 'node:assert/strict';
import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { SerialBridge } from '../../src/sim-serial/serial-bridge.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { blinkHex } from '../support/real-bootloader.js';

const skip = findSocat() ? false : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';

/** The boot limit of a firmware that never transmits (SimulatedUno's bootLimitMs default). */
const BOOT_LIMIT_MS = 4000;

describe('the simulated Uno on a serial port, at power-on', { skip, timeout: 60_000 }, () => {
  it('with Blink (a firmware that never writes to its line), the port is there before the boot is over; opening it resets the MCU, and Blink runs from the reset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-power-on-'));
    const link = join(dir, 'uno');
    // No boot snapshots: one put back from the store costs nothing, and the boot the port no longer
    // waits for is one run in full (a boot through a bootloader always is).
    const uno = new SimulatedUno({ hexPath: await blinkHex(), userFirmware: true, bootSnapshots: false });
    const bridge = new SerialBridge(uno, { link });
    try {
      await bridge.start();
      const atPort = uno.simulatedMs;
      assert.ok(atPort < BOOT_LIMIT_MS, `the port appeared at ${atPort} simulated ms, after the boot's ${BOOT_LIMIT_MS} ms limit`);

      const opened = new Promise<void>((resolve) => bridge.once('opened', resolve));
      const client = await open(link, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
      try {
        await opened;
        const resetAt = uno.simulatedMs;
        // Blink's setup() and first loop(): pin 13 HIGH, at the start of the MCU's time after the reset.
        const lit = await new Promise<number>((resolve) => {
          const seen = (observation: { pin: number; value: number; at: number }) => {
            if (observation.pin !== 13 || observation.value !== 1 || observation.at < resetAt) return;
            uno.off('pin', seen);
            resolve(observation.at);
          };
          uno.on('pin', seen);
        });
        assert.ok(lit - resetAt < 100, `pin 13 went HIGH ${lit - resetAt} simulated ms after the reset`);
      } finally {
        await client.close();
      }
    } finally {
      await bridge.close();
      uno.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
