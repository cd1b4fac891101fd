/**
 * A temporary folder for what the bench writes (circuit files, token files), removed when the bench
 * process exits, however the rows ended: each round of a circuit row made one, and nothing removed them.
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

export async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pinmesh-bench-'));
  if (made.length === 0) process.once('exit', () => made.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
  made.push(dir);
  return dir;
}
