/**
 * The article's Python nodes (test/fixtures/article/article_nodes.py), as the anchor for the
 * circuit rows: its buzzer and iopin as two processes, its clock as a third.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { root } from './paths.js';
import { Child, whenReady } from './spawn.js';
import type { ServedNode } from './pinmesh.js';

const script = join(root, 'test/fixtures/article/article_nodes.py');
const forward = /serving on|< acknowledged|Error|Traceback/;

/** A python3 that can import websockets (PINMESH_BENCH_PYTHON first), or undefined. */
export const python: string | undefined = [process.env.PINMESH_BENCH_PYTHON, '/usr/bin/python3', 'python3']
  .filter((bin): bin is string => Boolean(bin))
  .find((bin) => spawnSync(bin, ['-c', 'import websockets'], { stdio: 'ignore' }).status === 0);

export const pythonMissing = 'skipped: no python3 with the websockets package (Debian: apt-get install python3-websockets)';

const article = (name: string, args: string[]): Child => new Child(`article ${name}`, python!, ['-u', script, name, ...args], forward, root);

async function serving(child: Child): Promise<Child> {
  return whenReady(child, async () => {
    await child.line(/serving on/, 30_000);
    return child;
  });
}

/** The article's buzzer and iopin, up and serving; the iopin is ticked on /datafeed. */
export async function startArticleCircuit(): Promise<{ iopin: ServedNode; buzzer: Child }> {
  const iopinPort = await freePort();
  const buzzerPort = await freePort();
  const buzzerChild = article('buzzer', ['--port', String(buzzerPort)]);
  const iopinChild = article('iopin', ['--port', String(iopinPort), '--buzzer-port', String(buzzerPort)]);
  try {
    await Promise.all([serving(buzzerChild), serving(iopinChild)]);
  } catch (error) {
    await Promise.all([buzzerChild.stop(), iopinChild.stop()]);
    throw error;
  }
  return { buzzer: buzzerChild, iopin: { child: iopinChild, url: (channel) => `ws://127.0.0.1:${iopinPort}${channel}` } };
}

/**
 * Wall ms from starting the article's three processes to its clock's first ack: buzzer and iopin
 * at once, the clock as soon as both serve (the article's clock does not retry).
 */
export async function articleStartToFirstAck(): Promise<number> {
  const started = performance.now();
  const { iopin, buzzer } = await startArticleCircuit();
  const clock = article('clock', ['--port', new URL(iopin.url('/')).port, '--tacks', '1']);
  try {
    const ack = await clock.line(/< acknowledged/, 30_000);
    return ack.at - started;
  } finally {
    await Promise.all([clock.stop(), iopin.child.stop(), buzzer.stop()]);
  }
}
