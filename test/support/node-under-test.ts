import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { CliProcess, pinmeshBin } from './cli.js';

export interface Memory {
  /** V8 heap in use after a full garbage collection, in bytes. */
  heap: number;
  /** Resident set size, in bytes (Linux; 0 elsewhere). */
  rss: number;
}

/**
 * A real `pinmesh` command in a child process whose memory the test can read: it runs with the
 * inspector on 127.0.0.1 (an ephemeral port), and `memory()` asks it, over the DevTools protocol,
 * to collect garbage and report its heap. Nothing is added to pinmesh for this.
 */
export class NodeUnderTest {
  private nextId = 1;
  private readonly replies = new Map<number, (result: any) => void>();
  private connections = 0;
  private readonly onCount: Array<() => void> = [];

  private constructor(
    readonly cli: CliProcess,
    private readonly inspector: WebSocket,
  ) {
    // Clients the node is serving, from its own `connected` / `disconnected` events.
    createInterface({ input: cli.child.stdout! }).on('line', (line) => {
      if (line.includes('"event":"connected"')) this.connections += 1;
      else if (line.includes('"event":"disconnected"')) this.connections -= 1;
      else return;
      for (const notify of this.onCount.splice(0)) notify();
    });
    inspector.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.replies.get(message.id)?.(message.result);
    });
  }

  static async start(args: string[], env: NodeJS.ProcessEnv): Promise<NodeUnderTest> {
    const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', pinmeshBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PINMESH_DEBUG: '', ...env } });
    const inspectorUrl = await new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: Buffer) => {
        text += chunk.toString();
        const match = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(text);
        if (match) {
          child.stderr!.off('data', onData);
          resolve(match[1]!);
        }
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`pinmesh exited (${code}) before its inspector listened: ${text}`)));
    });
    const cli = new CliProcess(child);
    const inspector = new WebSocket(inspectorUrl);
    await new Promise((resolve, reject) => (inspector.once('open', resolve), inspector.once('error', reject)));
    return new NodeUnderTest(cli, inspector);
  }

  private call(method: string): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.replies.set(id, (result) => (this.replies.delete(id), resolve(result)));
      this.inspector.send(JSON.stringify({ id, method }));
    });
  }

  /** Resolves once the node says it serves exactly `count` clients (offenders' sockets all closed). */
  async serving(count: number): Promise<void> {
    while (this.connections !== count) await new Promise<void>((resolve) => this.onCount.push(resolve));
  }

  async memory(): Promise<Memory> {
    await this.call('HeapProfiler.collectGarbage');
    const usage = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
    return { heap: usage.usedSize, rss: await rssOf(this.cli.child.pid!) };
  }

  /** Detaches the inspector (else the child would wait for it on exit) and stops the node. */
  async stop(): Promise<void> {
    this.inspector.close();
    this.cli.child.kill('SIGINT');
    await this.cli.exited;
  }
}

async function rssOf(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
