import { spawn, type ChildProcess } from 'node:child_process';
import { LineFeed, type Line } from './line-feed.js';

/** Every child still running: none outlives the bench, whichever way it ends. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // SIGTERM lets a pinmesh child drive its outputs LOW on the way out, as it would for a person.
    for (const child of running) child.kill('SIGTERM');
    running.clear();
    process.exit(130);
  });
}

/**
 * A program under test, run as a child. Its stdout goes straight into a pipe read by `grep`
 * (a separate process, so reading it costs the load generator nothing): the program writes to a
 * pipe that is read, as when a person runs it, and only the lines matching `forward` reach the
 * bench. Its stderr comes to the bench (errors, and the usage probe's answers).
 */
export class Child {
  readonly stdout: LineFeed;
  readonly stderr: LineFeed;
  readonly exited: Promise<number | null>;
  private readonly process: ChildProcess;

  constructor(readonly name: string, command: string, args: readonly string[], forward: RegExp, cwd: string, env: NodeJS.ProcessEnv = process.env) {
    const reader = spawn('grep', ['--line-buffered', '-E', forward.source], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.process = spawn(command, args, { cwd, env, stdio: ['ignore', reader.stdin!, 'pipe'] });
    // The child holds the pipe's writing end now; ours must close so grep sees the end with it.
    reader.stdin!.destroy();
    running.add(this.process).add(reader);
    reader.once('exit', () => running.delete(reader));
    this.stdout = new LineFeed(reader.stdout!);
    this.stderr = new LineFeed(this.process.stderr!);
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code) => {
        running.delete(this.process);
        resolve(code);
      });
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  signal(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  /** The first stdout line matching `pattern` (see LineFeed.next), with the child's last words on failure. */
  async line(pattern: RegExp, timeoutMs: number, since?: number): Promise<Line> {
    try {
      return await this.stdout.next(pattern, timeoutMs, `${this.name}: waiting for ${pattern}`, since);
    } catch (error) {
      const stderr = this.stderr.tail();
      throw new Error(`${(error as Error).message}${stderr ? `\n${this.name} said:\n${stderr}` : ''}`);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The child once `ready` resolves; stopped again if it never gets there. */
export async function whenReady<T>(child: Child, ready: (child: Child) => Promise<T>): Promise<T> {
  try {
    return await ready(child);
  } catch (error) {
    await child.stop();
    throw error;
  }
}
