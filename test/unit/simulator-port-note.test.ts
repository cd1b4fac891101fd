/**
 * The note `pinmesh sim --serial` leaves for its port, by which `pinmesh flash` knows the port is the
 * simulator's and whether it has a bootloader: found by the port's path, believed only while its
 * process runs and only as the user's own file, gone when removed. The note of a simulator killed
 * (kill -9: no handler runs) is removed by whoever reads the notes next, once its process is
 * proven gone; nothing else is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chown, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { leaveSimulatorPortNote, simulatorNotesDir, simulatorPortNote, simulatorPortNotes } from '../../src/serial/simulator-port-note.js';

const runtime = async () => ({ XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) });

/** A pid whose process has exited: a child of this one, run and waited for. */
const exitedPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

/** A note as pinmesh sim writes it, for process `pid`, in the notes folder of `env`; resolves with the folder. */
async function noteOf(pid: number, env: NodeJS.ProcessEnv, text = JSON.stringify({ link: '/tmp/somewhere/uno', pid, board: 'uno', bootloader: false })): Promise<string> {
  const dir = simulatorNotesDir(env);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${pid}.json`), text);
  return dir;
}

describe("the simulator's port note", () => {
  it('names the port, the process, the board and whether it has a bootloader; it is found by the port path, and gone once removed', async () => {
    const env = await runtime();
    const remove = await leaveSimulatorPortNote({ link: '/tmp/somewhere/uno', board: 'uno', bootloader: false }, env);
    assert.deepEqual(await simulatorPortNote('/tmp/somewhere/uno', env), { link: '/tmp/somewhere/uno', board: 'uno', bootloader: false, pid: process.pid });
    assert.equal(await simulatorPortNote('/dev/ttyACM0', env), undefined, 'a real board has none');
    await remove();
    assert.equal(await simulatorPortNote('/tmp/somewhere/uno', env), undefined);
  });

  it('a note whose process is gone (a pinmesh sim killed) is not believed, and reading the notes removes it', async () => {
    const env = await runtime();
    const gone = 2 ** 22 + 12_345; // above Linux's largest pid
    const dir = await noteOf(gone, env);
    assert.equal(await simulatorPortNote('/tmp/somewhere/uno', env), undefined);
    assert.deepEqual(await readdir(dir), [], 'the note of a process that is gone was removed');
  });

  it('the notes of many simulators killed are all removed by the next reader, the running one kept', async () => {
    const env = await runtime();
    const killed = [exitedPid(), exitedPid(), exitedPid()];
    for (const pid of killed) await noteOf(pid, env);
    await leaveSimulatorPortNote({ link: '/tmp/somewhere/uno', board: 'uno', bootloader: false }, env);
    assert.deepEqual(await simulatorPortNotes(env), [{ link: '/tmp/somewhere/uno', board: 'uno', bootloader: false, pid: process.pid }]);
    assert.deepEqual(await readdir(simulatorNotesDir(env)), [`${process.pid}.json`]);
  });

  it("keeps what it cannot prove left by a process that is gone: a running process's note, even garbled; a file named otherwise; a pid no process has", async () => {
    const env = await runtime();
    const dir = await noteOf(process.pid, env, '{"link": "/tmp/somewhere/uno"');
    await noteOf(1, env); // init: it runs (EPERM for a user, who may not signal it)
    await writeFile(join(dir, 'notes.txt'), 'not a note');
    await writeFile(join(dir, `${exitedPid()}.json.tmp`), '');
    await noteOf(2 ** 31, env); // past any pid: kill() refuses it, ESRCH never says
    assert.deepEqual((await simulatorPortNotes(env)).map((note) => note.pid), [1], 'only the running one whose note reads is believed');
    assert.equal((await readdir(dir)).length, 5, 'every file is still there');
  });

  it("never removes another user's note, even when its process is gone (the temp folder is shared)", { skip: process.getuid?.() !== 0 && 'needs root, to give a file to another user' }, async () => {
    const env = await runtime();
    const pid = exitedPid();
    const dir = await noteOf(pid, env);
    await chown(join(dir, `${pid}.json`), 65_534, 65_534); // nobody
    assert.deepEqual(await simulatorPortNotes(env), []);
    assert.deepEqual(await readdir(dir), [`${pid}.json`]);
  });

  it('a note that is not one (another pid than its name, missing fields, not JSON) is not believed', async () => {
    const env = await runtime();
    const dir = simulatorNotesDir(env);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '1.json'), JSON.stringify({ link: '/tmp/somewhere/uno', pid: process.pid, board: 'uno', bootloader: false }));
    await writeFile(join(dir, `${process.pid}.json`), '{"link": "/tmp/somewhere/uno"');
    assert.equal(await simulatorPortNote('/tmp/somewhere/uno', env), undefined);
  });
});
