/**
 * A serial port can be gone for a moment after it was closed (a board enumerating again, the
 * simulated board making its next pseudo-terminal): the probe after a flash, and the flash's next
 * baud rate, wait for it to be back (src/serial/port-present.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { portPresent } from '../../src/serial/port-present.js';

describe('waiting for a serial port to be back', () => {
  it('resolves once the port is there again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-port-present-'));
    try {
      const port = join(dir, 'ttyACM0');
      let made = false;
      setTimeout(() => {
        made = true;
        void writeFile(port, '');
      }, 100);
      await portPresent(port, 30_000);
      assert.equal(made, true, 'it waited for the port');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives up after its time, leaving the open that follows to say what is wrong', async () => {
    const started = Date.now();
    await portPresent(join(tmpdir(), 'pinmesh-no-such-port'), 50);
    assert.ok(Date.now() - started >= 50, 'it waited its 50 ms');
  });
});
