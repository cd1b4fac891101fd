/**
 * freePort() (test/support/free-port.ts) within one npm test: the files' processes each hand out ports from
 * blocks they claim in the run's folder, so no two hand out the same one.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { compiled, nodeLoader } from '../support/compiled.js';
import { BLOCK, BLOCKS, PORTS } from '../support/free-port.js';

/** `count` ports from freePort() in a process of its own, as a test file of the run in `runDir` has them. */
async function portsOfAProcess(runDir: string, count: number): Promise<number[]> {
  const freePortModule = pathToFileURL(compiled('test/support/free-port.ts')).href;
  const script = `const { freePort } = await import(${JSON.stringify(freePortModule)}); const ports = []; for (let i = 0; i < ${count}; i++) ports.push(await freePort()); console.log(JSON.stringify(ports));`;
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeLoader, '--input-type=module', '-e', script], { env: { ...env, PINMESH_TEST_RUN_DIR: runDir } });
  return JSON.parse(stdout) as number[];
}

describe('freePort() in the processes of one npm test', () => {
  it('two processes hand out ports of different blocks, each claimed in the run folder', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'pinmesh-free-port-'));
    try {
      // Every block but two is taken already: both processes must find those two, one each.
      const free = [17, 140];
      await mkdir(join(runDir, 'port-blocks'));
      for (let index = 0; index < BLOCKS; index++) if (!free.includes(index)) await writeFile(join(runDir, 'port-blocks', String(index)), '');
      const [first, second] = await Promise.all([portsOfAProcess(runDir, 32), portsOfAProcess(runDir, 32)]);
      const blockOf = (port: number) => Math.floor((port - PORTS.low) / BLOCK);
      const firstBlocks = new Set(first!.map(blockOf));
      const secondBlocks = new Set(second!.map(blockOf));
      assert.equal(firstBlocks.size, 1, `one block: ${[...firstBlocks]}`);
      assert.equal(secondBlocks.size, 1, `one block: ${[...secondBlocks]}`);
      assert.deepEqual([...firstBlocks, ...secondBlocks].sort((a, b) => a - b), free);
      assert.equal((await readdir(join(runDir, 'port-blocks'))).length, BLOCKS, 'both claimed in the run folder');
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  });
});
