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

  private loadLines: Promise<string[]> | undefined;

  /** After it exited: what record-loads.mjs wrote, read once (the folder is then removed). */
  private loads(): Promise<string[]> {
    this.loadLines ??= readFile(join(this.dir, 'loads.txt'), 'utf8')
      .then((text) => text.split('\n'))
      .finally(() => rm(this.dir, { recursive: true, force: true }));
    return this.loadLines;
  }

  /** After it exited: the npm packages it loaded ("ws", "@serialport/stream", ...). */
  async packagesLoaded(): Promise<Set<string>> {
    const names = (await this.loads()).map((line) => [...line.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1)?.[1]);
    return new Set(names.filter((name): name is string => name !== undefined));
  }

  /** After it exited: the files of pinmesh's own bundle (dist/lib) it loaded, by name, sorted ("cli.js", "runtime-AbC123.js", ...). */
  async bundleFilesLoaded(): Promise<string[]> {
    const names = (await this.loads()).map((line) => /\/dist\/lib\/([^/]+\.js)$/.exec(line)?.[1]);
    return [...new Set(names.filter((name): name is string => name !== undefined))].sort();
  }
}
