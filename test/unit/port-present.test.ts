/**
 * A serial port can be gone for a moment after it was closed (a board enumerating again, the
 * simulated board making its next pseudo-terminal): the probe after a flash, and the flash's next
 * baud rate, wait for it to be back (src/serial/port-present.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { openWhenPresent, portPresent } from '../../src/serial/port-present.js';
import { PortNotFoundError, portNotFoundError } from '../../src/serial/serial-errors.js';

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

describe('opening a serial port that may be gone for a moment', () => {
  async function inFolder(test: (port: string) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-port-present-'));
    try {
      await test(join(dir, 'pinmesh'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('opens again once the port is back when the open found it gone: seen there in the instant before its last session removed it', () =>
    inFolder(async (port) => {
      await writeFile(port, '');
      let opens = 0;
      const opened = await openWhenPresent(port, async () => {
        opens += 1;
        if (opens === 1) {
          // The simulated board's ended socat removes its link just as the open comes; the next one makes it anew.
          await unlink(port);
          setTimeout(() => void writeFile(port, ''), 100);
          throw portNotFoundError(port, undefined);
        }
        return 'opened';
      }, 30_000);
      assert.equal(opened, 'opened');
      assert.equal(opens, 2);
    }));

  it('gives any other failure at once: a busy port is not tried again', () =>
    inFolder(async (port) => {
      await writeFile(port, '');
      let opens = 0;
      const busy = new UserError(`Serial port ${port} is in use by another program`);
      await assert.rejects(
        openWhenPresent(port, async () => {
          opens += 1;
          throw busy;
        }),
        (error) => error === busy,
      );
      assert.equal(opens, 1);
    }));

  it('gives up after its time with what the open said: the port is not there', () =>
    inFolder(async (port) => {
      await assert.rejects(
        openWhenPresent(port, async () => {
          throw portNotFoundError(port, undefined);
        }, 100),
        (error) => error instanceof PortNotFoundError && error instanceof UserError && error.path === port,
      );
    }));
});
