/**
 * Who holds a serial port open, for the "in use by …" refusal: each process's open files, read from
 * /proc on Linux, named as a person knows the program.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { portHolders } from '../../src/serial/port-holders.js';

const linux = process.platform === 'linux';
let dir: string;
let device: string;

describe('who holds a serial port', { skip: !linux && 'reads /proc: Linux only' }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-port-holders-'));
    device = join(dir, 'ttyFAKE0');
    await writeFile(device, '');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('nobody: an empty list (the refusal then says "another program")', () => {
    assert.deepEqual(portHolders(device), []);
  });

  it('another program, by its name and pid, followed through the link the person named (as pinmesh sim --link makes)', async () => {
    const link = join(dir, 'uno');
    await symlink(device, link);
    const fd = openSync(device, 'r');
    const holder = spawn('sleep', ['30'], { stdio: [fd, 'ignore', 'ignore'] });
    try {
      await new Promise((resolve) => holder.once('spawn', resolve));
      closeSync(fd); // the child's copy holds it now, not this process
      assert.deepEqual(portHolders(link), [`sleep (pid ${holder.pid})`]);
    } finally {
      holder.kill();
    }
  });

  it('this very process, as "this program"', () => {
    const fd = openSync(device, 'r');
    try {
      assert.deepEqual(portHolders(device), [`this program (pid ${process.pid})`]);
    } finally {
      closeSync(fd);
    }
  });

  it('a port that does not exist, and a platform without /proc: an empty list, never an error', () => {
    assert.deepEqual(portHolders(join(dir, 'nothing-here')), []);
    assert.deepEqual(portHolders(device, 'darwin'), []);
  });
});
