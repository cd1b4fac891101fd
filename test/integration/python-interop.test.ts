import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { circuitDirectory } from '../../src/mesh/directory.js';
import { silentReporter } from '../../src/report/events.js';
import { startNode } from '../../src/runtime/start-node.js';
import { Buzzer } from '../../src/sketches/buzzer.js';
import { IOPin } from '../../src/sketches/iopin.js';
import { freePort } from '../support/cli.js';
import { ArticleClient } from '../support/ws-client.js';
import { loopback } from '../support/mesh.js';

/**
 * pinmesh nodes and the article's own Python nodes (test/fixtures/article/article_nodes.py, on the
 * `websockets` package) talk to each other, both ways. Needs a python3 with `websockets`
 * (Debian: apt-get install python3-websockets; .ci/run installs it); skipped otherwise.
 */
const python = ['/usr/bin/python3', 'python3'].find((bin) => spawnSync(bin, ['-c', 'import websockets'], { stdio: 'ignore' }).status === 0);
const script = 'test/fixtures/article/article_nodes.py';

function startPython(args: string[]): { child: ChildProcess; lines: string[]; waitFor: (pattern: RegExp) => Promise<string> } {
  const child = spawn(python!, ['-u', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<[RegExp, (line: string) => void]> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) if (waiter[0].test(line)) (waiters.splice(waiters.indexOf(waiter), 1), waiter[1](line));
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) resolve(seen);
      else waiters.push([pattern, resolve]);
    });
  return { child, lines, waitFor };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe("wire compatibility with the article's Python nodes", { skip: python ? false : 'no python3 with the websockets package' }, () => {
  const children: ChildProcess[] = [];
  after(() => children.forEach((child) => child.kill()));

  it("the article's clock ticks a pinmesh iopin, which streams to the article's buzzer", async () => {
    const buzzerPort = await freePort();
    const pyBuzzer = startPython(['buzzer', '--port', String(buzzerPort)]);
    children.push(pyBuzzer.child);
    await pyBuzzer.waitFor(/serving on/);

    const board = new MockBoard();
    const iopin = await startNode({
      sketch: IOPin,
      name: 'iopin',
      options: { hold: 0, sequence: 3 },
      board,
      directory: circuitDirectory({ nodes: { buzzer: { host: loopback, port: buzzerPort } } }),
      host: loopback,
      port: 0,
      reporter: silentReporter,
    });
    try {
      const pyClock = startPython(['clock', '--port', String(iopin.port), '--tacks', '3']);
      assert.equal(await exited(pyClock.child), 0);
      assert.deepEqual(pyClock.lines.filter((line) => line.startsWith('[ clock ] <')), Array(3).fill('[ clock ] < acknowledged'));
      const heard = pyBuzzer.lines.filter((line) => /signal [01] received/.test(line));
      assert.equal(heard.length, 9);
      assert.deepEqual(heard.map((line) => Number(/signal ([01])/.exec(line)![1])), board.writes.recent().map((write) => write.value));
    } finally {
      await iopin.close();
    }
  });

  it("the article's iopin streams to a pinmesh buzzer and gets its replies", async () => {
    const buzzer = await startNode({ sketch: Buzzer, name: 'buzzer', board: new MockBoard(), directory: circuitDirectory({ nodes: { buzzer: { host: loopback, port: 1 } } }), host: loopback, port: 0, reporter: silentReporter });
    const iopinPort = await freePort();
    const pyIopin = startPython(['iopin', '--port', String(iopinPort), '--buzzer-port', String(buzzer.port)]);
    children.push(pyIopin.child);
    try {
      await pyIopin.waitFor(/serving on/);
      const client = await ArticleClient.connect(`ws://127.0.0.1:${iopinPort}/datafeed`);
      assert.equal(await client.request('0'), 'acknowledged');
      await client.close();
      const replies = pyIopin.lines.filter((line) => line.startsWith('[ IOPin ] < '));
      assert.equal(replies.length, 3);
      assert.ok(replies.every((line) => line === '[ IOPin ] < buzz buzz buzz' || line === '[ IOPin ] < ...'));
    } finally {
      await buzzer.close();
    }
  });
});
