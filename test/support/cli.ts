import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The built `pinmesh` command, as `npm install` leaves it (npm test builds first). */
export const pinmeshBin = resolve('dist/src/cli/main.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `pinmesh …` whose stdout lines (JSON with --json) can be awaited. */
export class CliProcess {
  readonly lines: string[] = [];
  private stderrText = '';
  private readonly stderrWaiters: Array<{ match: RegExp; resolve: (found: RegExpExecArray) => void }> = [];
  private readonly waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];
  readonly exited: Promise<CliResult>;

  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.lines.push(line);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(line)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString();
      for (const waiter of [...this.stderrWaiters]) {
        const found = waiter.match.exec(this.stderrText);
        if (found) {
          this.stderrWaiters.splice(this.stderrWaiters.indexOf(waiter), 1);
          waiter.resolve(found);
        }
      }
    });
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, stdout: this.lines.join('\n'), stderr: this.stderrText }));
    });
  }

  /** The first stdout line (already printed or still to come) that matches. */
  waitForLine(match: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** The first JSON event that matches. */
  async waitForEvent(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const line = await this.waitForLine((text) => {
      try {
        return match(JSON.parse(text));
      } catch {
        return false;
      }
    });
    return JSON.parse(line);
  }

  /** The first match of `pattern` in stderr (already written or still to come). */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray> {
    const found = pattern.exec(this.stderrText);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.stderrWaiters.push({ match: pattern, resolve }));
  }

  events(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line));
  }
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): CliProcess {
  return new CliProcess(spawn(process.execPath, [pinmeshBin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PINMESH_DEBUG: '', ...env } }));
}

/** Runs `pinmesh …` to its end; `cwd` is the folder it runs in (the repository's by default). */
export function runCli(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, {}, options.cwd).exited;
}

/** A port nothing listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A circuit file for the article's nodes on free loopback ports (tests never use 8765/8766). */
export async function freeCircuitFile(): Promise<{ path: string; iopin: number; buzzer: number }> {
  const iopin = await freePort();
  const buzzer = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'pinmesh-cli-'));
  const path = join(dir, 'circuit.json');
  await writeFile(path, JSON.stringify({ nodes: { iopin: { host: '127.0.0.1', port: iopin }, buzzer: { host: '127.0.0.1', port: buzzer } } }));
  return { path, iopin, buzzer };
}

/** True when stderr carries no stack trace: a person's mistake is one line of advice. */
export function hasNoStackTrace(stderr: string): boolean {
  return !/\n\s+at .+:\d+:\d+/.test(stderr);
}
