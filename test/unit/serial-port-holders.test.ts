/**
 * Who holds a serial port open, for the "in use by …" refusal: each process's open files, read from
 * /proc on Linux, named as a person knows the program.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { boardNodeAddress, portHolderList } from '../../src/serial/port-holders.js';
import { translateSerialOpenError } from '../../src/serial/serial-errors.js';

/** The holders' names alone, as the refusal says them. */
const portHolders = (path: string, platform?: NodeJS.Platform) => portHolderList(path, platform).map((holder) => holder.name);

const linux = process.platform === 'linux';

/**
 * Waits until a stand-in holder runs its own program: /proc shows its command line. Node's 'spawn'
 * event can come while the kernel is still inside the exec, where /proc/PID/cmdline is not yet the
 * new one (a busy CI machine named such a holder "node"). At most 5 s.
 */
async function started(holder: ChildProcess): Promise<void> {
  await once(holder, 'spawn');
  const wanted = holder.spawnargs.join('\0');
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 5))) {
    try {
      if (readFileSync(`/proc/${holder.pid}/cmdline`, 'utf8').replace(/\0$/, '') === wanted) return;
    } catch {
      // Not there yet, or gone: tried again until the deadline.
    }
  }
  throw new Error(`${holder.spawnargs.join(' ')} (pid ${holder.pid}) did not show its command line in /proc within 5 s`);
}

/** Stops a stand-in holder and waits until it is gone: the next test must not find it holding the port. */
async function stop(holder: ChildProcess): Promise<void> {
  if (holder.exitCode !== null || holder.signalCode !== null) return;
  const gone = once(holder, 'exit');
  holder.kill();
  await gone;
}
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
      await started(holder);
      closeSync(fd); // the child's copy holds it now, not this process
      assert.deepEqual(portHolders(link), [`sleep (pid ${holder.pid})`]);
    } finally {
      await stop(holder);
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

  it('a pinmesh board node, with the address it serves the board at; the busy port then says to share it, or (flashing) to stop it', async () => {
    // A stand-in with a pinmesh board's command line: node …/dist/lib/cli.js board -s 0.0.0.0 --port 27001.
    const cli = join(dir, 'dist/lib/cli.js');
    await mkdir(join(dir, 'dist/lib'), { recursive: true });
    await writeFile(cli, 'setTimeout(() => {}, 30_000);\n');
    const fd = openSync(device, 'r');
    const holder = spawn(process.execPath, [cli, 'board', '--board', 'uno', '-s', '0.0.0.0', '--port', '27001'], { stdio: [fd, 'ignore', 'ignore'] });
    try {
      await started(holder);
      closeSync(fd);
      const name = `pinmesh board (pid ${holder.pid})`;
      assert.deepEqual(portHolderList(device), [{ name, boardNode: { url: 'ws://127.0.0.1:27001' } }]);
      const busy = new Error('Error Resource temporarily unavailable Cannot lock port');
      assert.equal(
        translateSerialOpenError(busy, { path: device, platform: 'linux' }).message,
        `Serial port ${device} is in use by ${name}. That board node serves the board at ws://127.0.0.1:27001: pass --board ws://127.0.0.1:27001 to share it, or stop the board node first.`,
      );
      assert.equal(
        translateSerialOpenError(busy, { path: device, platform: 'linux', purpose: 'flash' }).message,
        `Serial port ${device} is in use by ${name}. Flashing needs the port to itself: stop ${name} first (Ctrl-C in its terminal), flash, then start it again.`,
      );
    } finally {
      await stop(holder);
    }
  });

  it('a board node run from the repository (node, its options, then dist/lib/cli.js as a relative path) is one too; on --port 0 it is named without an address it cannot know', async () => {
    // As `node --enable-source-maps dist/lib/cli.js board …` in a clone: the script named from its folder.
    await mkdir(join(dir, 'dist/lib'), { recursive: true });
    await writeFile(join(dir, 'dist/lib/cli.js'), 'setTimeout(() => {}, 30_000);\n');
    for (const [port, url] of [['9000', 'ws://127.0.0.1:9000'], ['0', undefined]] as const) {
      const fd = openSync(device, 'r');
      const holder = spawn(process.execPath, ['--enable-source-maps', 'dist/lib/cli.js', 'board', '--board', 'uno', '-p', port], { cwd: dir, stdio: [fd, 'ignore', 'ignore'] });
      try {
        await started(holder);
        closeSync(fd);
        const name = `pinmesh board (pid ${holder.pid})`;
        assert.deepEqual(portHolderList(device), [{ name, boardNode: url === undefined ? {} : { url } }]);
        const busy = new Error('Error Resource temporarily unavailable Cannot lock port');
        assert.equal(
          translateSerialOpenError(busy, { path: device, platform: 'linux' }).message,
          url === undefined
            ? `Serial port ${device} is in use by ${name}. That board node, already running, serves the board: pass --board ws://HOST:PORT, the address it printed ("serving on …"), to share it, or stop the board node first.`
            : `Serial port ${device} is in use by ${name}. That board node serves the board at ${url}: pass --board ${url} to share it, or stop the board node first.`,
        );
      } finally {
        await stop(holder);
      }
    }
  });

  it("a board node's address from its command line: --host/-s and --port/-p as given, the defaults, a wildcard host on loopback, wss with --tls-cert", () => {
    assert.equal(boardNodeAddress(['--board', 'uno']), 'ws://127.0.0.1:8764');
    assert.equal(boardNodeAddress(['--host', '192.168.1.5', '-p', '9000']), 'ws://192.168.1.5:9000');
    assert.equal(boardNodeAddress(['--port=9001', '--host=::']), 'ws://127.0.0.1:9001');
    assert.equal(boardNodeAddress(['-s', '::1', '--tls-cert', 'c.pem']), 'wss://[::1]:8764');
    assert.equal(boardNodeAddress(['-p9002']), 'ws://127.0.0.1:9002');
    assert.equal(boardNodeAddress(['--port', '0']), undefined, 'a port the system chose: not on the command line');
  });

  it('a port that does not exist, and a platform without /proc: an empty list, never an error', () => {
    assert.deepEqual(portHolders(join(dir, 'nothing-here')), []);
    assert.deepEqual(portHolders(device, 'darwin'), []);
  });
});
