import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliProcess, pinmeshBin } from './cli.js';

/** The mesh's token in the fleet tests: it must never show up on the broker. */
export const fleetSecret = 'fleet-test-token-0123456789abcdef';

export async function fleetTokenFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pinmesh-fleet-'));
  const path = join(dir, 'token');
  await writeFile(path, `${fleetSecret}\n`, { mode: 0o600 });
  return path;
}

/**
 * The `pinmesh` processes of one test: started with the environment the test chooses (no
 * PINMESH_TOKEN or broker credentials from outside), optionally inside a network namespace, and
 * all killed by `killAll()` on the way out whatever happened.
 */
export class FleetProcesses {
  private readonly started: CliProcess[] = [];

  start(args: string[], options: { env?: Record<string, string | undefined>; netns?: string } = {}): CliProcess {
    const env: NodeJS.ProcessEnv = { ...process.env, PINMESH_DEBUG: '', PINMESH_TOKEN: undefined, PINMESH_BROKER_USERNAME: undefined, PINMESH_BROKER_PASSWORD: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const [command, argv] = options.netns ? ['ip', ['netns', 'exec', options.netns, process.execPath, pinmeshBin, ...args]] : [process.execPath, [pinmeshBin, ...args]];
    const cli = new CliProcess(spawn(command as string, argv as string[], { stdio: ['ignore', 'pipe', 'pipe'], env }));
    this.started.push(cli);
    return cli;
  }

  /** Kills every process still running (SIGKILL after a SIGCONT, so a stopped one dies too) and waits for them. */
  async killAll(): Promise<void> {
    await Promise.all(
      this.started.map(async (cli) => {
        if (cli.child.exitCode === null && cli.child.signalCode === null) {
          cli.child.kill('SIGCONT');
          cli.child.kill('SIGKILL');
        }
        await cli.exited;
      }),
    );
  }
}

/**
 * `promise`, or a failure after `ms` that says what each process and the broker said last. A fleet
 * test waits on messages that pass through several processes and a broker: when one never comes, this
 * says where it stopped, instead of the runner's "timed out" after minutes (which then holds every
 * later test of the file, whose state it depends on).
 */
export function within<T>(ms: number, promise: Promise<T>, what: string, said: Record<string, { lines: string[]; stderr?: string } | string>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const parts = Object.entries(said).map(([name, output]) =>
        typeof output === 'string' ? `${name}:\n${output.slice(-1_500)}` : `${name}, last lines:\n${output.lines.slice(-12).join('\n')}${output.stderr ? `\nstderr: ${output.stderr.slice(-800)}` : ''}`,
      );
      reject(new Error(`${what}: not within ${ms} ms.\n${parts.join('\n\n')}`));
    }, ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
