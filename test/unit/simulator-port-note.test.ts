/**
 * The note `pinmesh sim --serial` leaves for its port, by which `pinmesh flash` knows the port is the
 * simulator's and whether it has a bootloader: found by the port's path, believed only while its
 * process runs and only as the user's own file, gone when removed.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { leaveSimulatorPortNote, simulatorNotesDir, simulatorPortNote } from '../../src/serial/simulator-port-note.js';

const runtime = async () => ({ XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) });

describe("the simulator's port note", () => {
  it('names the port, the process, the board and whether it has a bootloader; it is found by the port path, and gone once removed', async () => {
    const env = await runtime();
    const remove = await leaveSimulatorPortNote({ link: '/tmp/somewhere/uno', board: 'uno', bootloader: false }, env);
    assert.deepEqual(await simulatorPortNote('/tmp/somewhere/uno', env), { link: '/tmp/somewhere/uno', board: 'uno', bootloader: false, pid: process.pid });
    assert.equal(await simulatorPortNote('/dev/ttyACM0', env), undefined, 'a real board has none');
    await remove();
    assert.equal(await simulatorPortNote('/tmp/somewhere/uno', env), undefined);
  });

  it('a note whose process is gone (a pinmesh sim killed) is not believed', async () => {
    const env = await runtime();
    const dir = simulatorNotesDir(env);
    await mkdir(dir, { recursive: true });
    const gone = 2 ** 22 + 12_345; // above Linux's largest pid
    await writeFile(join(dir, `${gone}.json`), JSON.stringify({ link: '/tmp/somewhere/uno', pid: gone, board: 'uno', bootloader: false }));
    assert.equal(await simulatorPortNote('/tmp/somewhere/uno', env), undefined);
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
