import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import { freePort } from './free-port.js';

export { freePort };

/** The built `pinmesh` command, as `npm install` leaves it (npm test builds first). */
export const pinmeshBin = resolve('dist/lib/cli.js');

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
  private readonly stderrWaiters: Array<{ match: RegExp; resolve: (found: RegExpExecArray) => void; reject: (error: Error) => void }> = [];
  private readonly waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  /** Set once the process has exited and its output is all read: what is still awaited will never come. */
  private ended: CliResult | undefined;
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
      child.on('close', (code, signal) => {
        this.ended = { code, signal, stdout: this.lines.join('\n'), stderr: this.stderrText };
        // A wait for output the process never printed fails now, saying why, instead of hanging the
        // file until the runner's timeout (which also holds one of the places npm test runs files in).
        for (const waiter of this.waiters.splice(0)) waiter.reject(this.neverCame('a line'));
        for (const waiter of this.stderrWaiters.splice(0)) waiter.reject(this.neverCame(String(waiter.match)));
        resolve(this.ended);
      });
    });
  }

  /** What it wrote on stderr so far. */
  get stderr(): string {
    return this.stderrText;
  }

  private neverCame(what: string): Error {
    const { code, signal, stderr } = this.ended!;
    return new Error(`the process exited (${signal ?? `code ${code}`}) without printing ${what} awaited; its stderr:\n${stderr.slice(-2_000)}`);
  }

  /** A promise whose rejection is reported to whoever awaits it, and never as unhandled when nobody does. */
  private static quietly<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => {});
    return promise;
  }

  /** The first stdout line (already printed or still to come) that matches. */
  waitForLine(match: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.ended) return CliProcess.quietly(Promise.reject(this.neverCame('a line')));
    return CliProcess.quietly(new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject })));
  }

  /** The first JSON event that matches. */
  waitForEvent(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const line = this.waitForLine((text) => {
      try {
        return match(JSON.parse(text));
      } catch {
        return false;
      }
    });
    return CliProcess.quietly(line.then((text) => JSON.parse(text) as Record<string, unknown>));
  }

  /** The first match of `pattern` in stderr (already written or still to come). */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray> {
    const found = pattern.exec(this.stderrText);
    if (found) return Promise.resolve(found);
    if (this.ended) return CliProcess.quietly(Promise.reject(this.neverCame(String(pattern))));
    return CliProcess.quietly(new Promise((resolve, reject) => this.stderrWaiters.push({ match: pattern, resolve, reject })));
  }

  events(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line));
  }
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): CliProcess {
  const child = spawn(process.execPath, [pinmeshBin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PINMESH_DEBUG: '', ...env } });
  return new CliProcess(tracked(child, args));
}

/**
 * `pinmesh …` with its stderr on stdout's stream, as a terminal shows both: `lines` holds every line
 * of either, in the order the process wrote them.
 */
export function startCliOnOneStream(args: string[]): CliProcess {
  const child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, pinmeshBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PINMESH_DEBUG: '' } });
  return new CliProcess(tracked(child, args));
}

/** `child` (running `pinmesh …args`) is stopped when the file's tests end if it is still running then. */
function tracked(child: ChildProcess, args: string[]): ChildProcess {
  running.set(child, args);
  child.once('exit', () => running.delete(child));
  return child;
}

/** The `pinmesh` processes this test process started that have not exited, with their arguments. */
const running = new Map<ChildProcess, string[]>();

/** How long a `pinmesh` has to stop on SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * When a test file's tests have all ended, a `pinmesh` one of them started and never stopped is
 * stopped with SIGTERM, its own way out (outputs LOW, the simulator's pty and socat gone), and named
 * on stderr. A test that failed before stopping its `pinmesh sim` left the child's pipes open, and
 * they kept the file's process alive, so the whole suite waited for ever (a CI run on Node 24 hung
 * until it was killed by hand).
 *
 * A hook at the top level of the file (the root test's), so it runs once every test and describe()
 * has ended, their own after() hooks included; node:test runs it before a top-level after() of the
 * test file itself, which therefore must not be where a file stops its `pinmesh` processes. Only
 * under node:test's runner (`node --test`, npm test): a bench that imports this file has none.
 */
async function stopWhatTestsLeftRunning(): Promise<void> {
  const left = [...running].filter(([child]) => !child.killed).map(([, args]) => `pinmesh ${args.join(' ')}`);
  if (left.length > 0) process.stderr.write(`test/support/cli.ts: a test left running, now stopped: ${left.join('; ')}\n`);
  await Promise.all([...running.keys()].map(stopped));
}

async function stopped(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (!child.killed) child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

if (process.env.NODE_TEST_CONTEXT) after(stopWhatTestsLeftRunning);

/** Runs `pinmesh …` to its end; `cwd` is the folder it runs in (the repository's by default). */
export function runCli(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, {}, options.cwd).exited;
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
