/**
 * `pinmesh sim --serial` killed with SIGKILL (no handler runs): its socat dies with it and takes the
 * link away, so the next `pinmesh sim --serial` at the same path starts instead of being refused,
 * and no socat is left holding the port for a client to open. Its note (the port is the
 * simulator's) stays until a command reads the notes: `pinmesh ports` removes it. The next one,
 * stopped as a service manager stops it (SIGTERM), removes its own.
 */
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { findSocat } from '../../src/sim-serial/socat.js';
import { startCli } from '../support/cli.js';

const skip = findSocat() ? false : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
const exists = (path: string) => lstat(path).then(() => true, () => false);

/** The pids of the processes whose command line names `text` (Linux's /proc). */
async function processesNaming(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) pids.push(Number(entry));
  }
  return pids;
}

/** Polls until `condition` holds; gives up (false) after `tries` polls, not a timing assertion. */
async function eventually(condition: () => Promise<boolean>, tries = 600): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return true;
    await sleep(50);
  }
  return false;
}

describe('pinmesh sim --serial killed with kill -9', { skip: skip || (process.platform !== 'linux' && 'reads /proc'), timeout: 120_000 }, () => {
  it('its socat dies with it, the link goes, and the next one starts at the same path', async () => {
    const link = join(await mkdtemp(join(tmpdir(), 'pinmesh-pty-')), 'uno');
    // Its own runtime folder, where the simulator leaves its note.
    const env = { XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) };
    const notes = join(env.XDG_RUNTIME_DIR, 'pinmesh-sim');
    const first = startCli(['sim', '--serial', '--link', link], env);
    await first.waitForLine((line) => line.includes(`serial port ${link}`));
    assert.ok((await processesNaming(`link=${link},`)).length > 0, 'socat runs');
    first.child.kill('SIGKILL');
    await first.exited;

    assert.ok(await eventually(async () => (await processesNaming(`link=${link},`)).length === 0), 'no socat outlives its pinmesh');
    assert.ok(await eventually(async () => !(await exists(link))), `${link} is removed with its socat`);
    assert.deepEqual(await readdir(notes), [`${first.child.pid}.json`], 'a simulator killed leaves its note');
    const listed = await startCli(['ports', '--json'], env).exited;
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(await readdir(notes), [], 'pinmesh ports, reading the notes, removed the one whose process is gone');

    const second = startCli(['sim', '--serial', '--link', link], env);
    await second.waitForLine((line) => line.includes(`serial port ${link}`));
    assert.deepEqual(await readdir(notes), [`${second.child.pid}.json`]);
    second.child.kill('SIGTERM');
    const { code } = await second.exited;
    assert.equal(code, 143);
    assert.equal(await exists(link), false);
    assert.deepEqual(await readdir(notes), [], 'stopped, it removed its own note');
  });
});
