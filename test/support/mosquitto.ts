import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './cli.js';

/** Debian's broker: /usr/sbin/mosquitto (`.ci/run` installs the `mosquitto` package). */
export function mosquittoBinary(): string | undefined {
  for (const path of ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto']) if (existsSync(path)) return path;
  const found = spawnSync('sh', ['-c', 'command -v mosquitto'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/** Why the broker tests cannot run here, or undefined when they can. */
export function mosquittoMissing(): string | undefined {
  return mosquittoBinary() ? undefined : 'mosquitto is not installed (Debian: apt-get install mosquitto; .ci/run does it)';
}

/** Why a broker with a password file cannot be made here (mosquitto_passwd comes with Debian's mosquitto). */
export function mosquittoPasswdMissing(): string | undefined {
  const missing = mosquittoMissing();
  if (missing) return missing;
  const found = spawnSync('sh', ['-c', 'command -v mosquitto_passwd'], { encoding: 'utf8' });
  return found.status === 0 ? undefined : 'mosquitto_passwd is not installed (it comes with the mosquitto package)';
}

export interface MosquittoOptions {
  /** Address to listen on: 127.0.0.1 unless a test's own network namespace says otherwise. */
  host?: string;
  port?: number;
  /** `user:password` lines; anonymous clients are refused when given. */
  users?: Record<string, string>;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
}

/**
 * A real Mosquitto for one test: a generated config (one listener, no persistence, so a restart
 * forgets every retained message), started on a free loopback port, ready once it says it runs,
 * stopped by the test. `restart()` brings it back on the same port.
 */
export class Mosquitto {
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly host: string,
    readonly port: number,
    private readonly dir: string,
    private readonly netns: string | undefined,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const binary = mosquittoBinary();
    if (!binary) throw new Error(mosquittoMissing());
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freePort());
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-mosquitto-'));
    const lines = [`listener ${port} ${host}`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice', 'log_type information'];
    if (options.users) {
      // Started as root, Mosquitto reads its password file as the `mosquitto` user: it must be able
      // to. The file holds only hashes of the test's own throwaway passwords.
      await chmod(dir, 0o755);
      const passwords = join(dir, 'passwords');
      await writeFile(passwords, '', { mode: 0o644 });
      for (const [user, password] of Object.entries(options.users)) {
        const made = spawnSync('mosquitto_passwd', ['-b', passwords, user, password], { encoding: 'utf8' });
        if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
      }
      lines.push('allow_anonymous false', `password_file ${passwords}`);
    } else {
      lines.push('allow_anonymous true');
    }
    await writeFile(join(dir, 'mosquitto.conf'), `${lines.join('\n')}\n`);
    const broker = new Mosquitto(host, port, dir, options.netns);
    await broker.launch();
    return broker;
  }

  get url(): string {
    return `mqtt://${this.host}:${this.port}`;
  }

  /** Its log so far, for a failing assertion's message. */
  get output(): string {
    return this.log;
  }

  /** Stops it (SIGTERM) and waits for it to be gone: its clients see the connection close. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    // Bounded: a broker that does not leave within 5 s is killed, so no test file waits on it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }

  /** Starts it again on the same port after `stop()`, having forgotten every retained message. */
  startAgain(): Promise<void> {
    return this.launch();
  }

  /** Stops it and removes its files. */
  async close(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private launch(): Promise<void> {
    const binary = mosquittoBinary()!;
    const config = join(this.dir, 'mosquitto.conf');
    const [command, args] = this.netns ? ['ip', ['netns', 'exec', this.netns, binary, '-c', config]] : [binary, ['-c', config]];
    const child = spawn(command as string, args as string[], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    return new Promise((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        this.log += chunk.toString();
        if (/mosquitto version \S+ running/.test(this.log.split('starting').at(-1) ?? '')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`mosquitto exited (${code ?? signal}) before it was ready:\n${this.log}`)));
    });
  }
}
