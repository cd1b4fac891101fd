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
