import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../support/process-alive.js';

describe('npm test runs each file to its end (test/support/cli.ts)', () => {
  it('ends a file whose test left a pinmesh running, and that pinmesh is stopped and named', async () => {
    // npm test's own runner on one file (node:test refuses a run() inside a test file), in a process
    // group of its own, without this test's runner context. Killed, group and all, if it has not
    // ended in 60 s, ample for one buzzer on a busy machine: a file held open by the buzzer's pipes never ends.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const runner = spawn(process.execPath, ['dist-test/test/run-tests.js', 'test/fixtures/leaves-pinmesh-running.ts'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    runner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    runner.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let endedInTime = true;
    const limit = setTimeout(() => {
      endedInTime = false;
      process.kill(-runner.pid!, 'SIGKILL');
    }, 60_000);
    const [code] = (await once(runner, 'close')) as [number | null];
    clearTimeout(limit);
    assert.ok(endedInTime, `the file never ended: the buzzer it left kept its process alive\n${output}`);
    assert.equal(code, 0, `the fixture's test passes\n${output}`);
    const pid = Number(/pid (\d+)/.exec(output)?.[1]);
    assert.ok(pid > 0, `the fixture said its buzzer's pid\n${output}`);
    for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) await sleep(50);
    assert.equal(isAlive(pid), false, `pinmesh buzzer (pid ${pid}) still runs after its test file ended`);
    assert.match(output, /a test left running, now stopped: pinmesh buzzer --board mock --port \d+/);
  });
});
