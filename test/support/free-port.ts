/** freePort(): loopback ports for the commands under test to listen on (test/support/cli.ts hands it on). */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TEST_RUN_DIR } from './packed-once.js';

/**
 * Ports handed out for commands under test to listen on: below the ephemeral range (Linux
 * 32768–60999, macOS 49152–65535). A port from `listen(0)` is an ephemeral one, and once released
 * the kernel may give it to the next outgoing connection of any process, or to another test's
 * `listen(0)`, before the command under test binds it (CI saw it: "port 38243 on 127.0.0.1 is
 * already in use"). Down here only explicit choices compete, and within one `npm test` none do: each
 * test process hands out the ports of blocks it claims in the run's folder (PINMESH_TEST_RUN_DIR,
 * test/run-tests.ts), one file a block, created only if absent, so no two processes hand out the same
 * port. (Each used to walk its own stretch from a random start; two stretches met, and a command
 * found its port taken by another file's: "port 23857 on 127.0.0.1 is already in use".) A file run
 * on its own, or a run that has claimed every block, walks from a random block. A port found busy is
 * skipped.
 */
export const PORTS = { low: 20_000, high: 32_000 };
export const BLOCK = 64;
export const BLOCKS = Math.floor((PORTS.high - PORTS.low) / BLOCK);
let block: { next: number; end: number } | undefined;

/** A block of ports no other process of the run hands out, where the run has a folder. */
function claimBlock(): { next: number; end: number } {
  const first = Math.floor(Math.random() * BLOCKS);
  const at = (index: number) => ({ next: PORTS.low + index * BLOCK, end: PORTS.low + (index + 1) * BLOCK });
  const runDir = process.env[TEST_RUN_DIR];
  if (runDir === undefined) return at(first);
  const claims = join(runDir, 'port-blocks');
  mkdirSync(claims, { recursive: true });
  for (let i = 0; i < BLOCKS; i++) {
    const index = (first + i) % BLOCKS;
    try {
      closeSync(openSync(join(claims, String(index)), 'wx'));
      return at(index);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return at(first);
}

/** A loopback port nothing listens on right now, and that no ephemeral port will take. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 500; tries++) {
    if (block === undefined || block.next >= block.end) block = claimBlock();
    const port = block.next++;
    if (await canListen(port)) return port;
  }
  throw new Error(`no free loopback port in ${PORTS.low}–${PORTS.high} after 500 tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
