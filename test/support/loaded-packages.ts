import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliProcess, pinmeshBin } from './cli.js';

const recorder = resolve('test/support/record-loads.mjs');

/** A `pinmesh …` run whose loaded modules are recorded (see record-loads.mjs). */
export class RecordedCli extends CliProcess {
  private constructor(
    child: ReturnType<typeof spawn>,
    private readonly dir: string,
  ) {
    super(child);
  }

  static async start(args: string[]): Promise<RecordedCli> {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-loads-'));
    const child = spawn(process.execPath, ['--import', recorder, pinmeshBin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PINMESH_DEBUG: '', PINMESH_RECORD_LOADS: join(dir, 'loads.txt') },
    });
    return new RecordedCli(child, dir);
  }

  /** After it exited: the npm packages it loaded ("ws", "@serialport/stream", ...). */
  async packagesLoaded(): Promise<Set<string>> {
    try {
      const lines = (await readFile(join(this.dir, 'loads.txt'), 'utf8')).split('\n');
      const names = lines.map((line) => [...line.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1)?.[1]);
      return new Set(names.filter((name): name is string => name !== undefined));
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
