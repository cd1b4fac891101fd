import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOM_BYTES, scratchParent, type Machine } from '../support/scratch-parent.js';

const shm = (options: string) => `/dev/vda / ext4 rw,relatime,discard 0 0\ntmpfs /dev/shm tmpfs ${options} 0 0\n`;

function machine(facts: Partial<Machine> = {}): Machine {
  return { platform: 'linux', mounts: () => shm('rw,nosuid,nodev'), freeBytes: () => 24 * 1024 ** 3, writable: () => true, tmpdir: () => '/tmp', ...facts };
}

describe("npm test's scratch folder (test/run-tests.ts), in memory where the machine has room", () => {
  it('is made in /dev/shm on Linux when it is a tmpfs with room that programs may run from', () => {
    assert.equal(scratchParent({}, machine()), '/dev/shm');
  });

  it('is made in the temporary folder otherwise: noexec, too small (a container\'s 64 MB), not writable, not a tmpfs, absent, unreadable mounts, not Linux', () => {
    const otherwise: Array<[string, Partial<Machine>]> = [
      ['noexec', { mounts: () => shm('rw,nosuid,nodev,noexec') }],
      ['64 MB', { freeBytes: () => 64 * 1024 ** 2 }],
      ['just under the room asked', { freeBytes: () => ROOM_BYTES - 1 }],
      ['not writable', { writable: () => false }],
      ['not a tmpfs', { mounts: () => '/dev/vdb /dev/shm ext4 rw 0 0\n' }],
      ['no /dev/shm', { mounts: () => '/dev/vda / ext4 rw 0 0\n' }],
      ['mounts unreadable', { mounts: () => { throw new Error('EACCES'); } }],
      ['macOS', { platform: 'darwin', tmpdir: () => '/var/folders/x/T' }],
    ];
    for (const [why, facts] of otherwise) assert.equal(scratchParent({}, machine(facts)), facts.tmpdir?.() ?? '/tmp', why);
  });

  it('is made where TMPDIR says when the person set it', () => {
    assert.equal(scratchParent({ TMPDIR: '/scratch/me' }, machine()), '/scratch/me');
  });
});
