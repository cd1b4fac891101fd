import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';

/** One reading of a command's memory: the V8 heap in use after a full GC, and its resident set. */
export interface MemorySample {
  /** Seconds since the command was started. */
  at: number;
  /** The heap in use after two full GCs in a row (the second collects what the first one's finalizers and weak callbacks let go). */
  heapBytes: number;
  /** The heap in use after the first of them: how much the second GC found, as a measure of that noise. */
  heapAfterOneGcBytes?: number;
  /**
   * Output the command's line writers (sonic-boom) held, not yet written to stdout, when the heap
   * was read: bounded by design (4 MB), in the heap all the same, and how far behind the reader is.
   * Undefined if the command has none.
   */
  bufferedOutputBytes?: number;
  rssBytes: number;
}

export interface InspectedChildOptions {
  /** The program and its arguments, e.g. [process.execPath, 'dist/lib/cli.js', 'circuit', …]. */
  command: string[];
  cwd: string;
  /**
   * Run it under a pseudo-terminal (util-linux `script`), so its stdin is a TTY the soak can type
   * into (`pinmesh button` presses the simulated button on space). stdout and stderr then arrive mixed.
   */
  terminal?: boolean;
  env?: NodeJS.ProcessEnv;
}

const INSPECTOR_LINE = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;
/**
 * What Node prints when the command is exiting with the soak's inspector session still attached:
 * it then waits for the session to end (its inspector's port already closed) and answers nothing.
 */
const EXITING_LINE = 'Waiting for the debugger to disconnect';
/** Longest wait for one inspector call (two full GCs on a busy machine take seconds, not this). */
const CALL_TIMEOUT_MS = 60_000;
/** How much of the output is kept to look for lines and to show on failure (a ring, not the run). */
const KEPT_OUTPUT_CHARS = 64 * 1024;

/**
 * A pinmesh command under soak: started with Node's inspector on 127.0.0.1 (an ephemeral port; the
 * `--inspect` flag goes to node, pinmesh is not told anything), its output drained and counted, and
 * its memory read over the Chrome DevTools Protocol: `HeapProfiler.collectGarbage` (a full GC), then
 * `Runtime.getHeapUsage`, and its RSS (`process.memoryUsage.rss()`, evaluated there: a few bytes).
 */
export class InspectedChild {
  /** Output lines seen so far (how much the command did: one JSON event per line). */
  lines = 0;
  readonly started = performance.now();
  readonly exited: Promise<number | null>;
  /** The last chunks of output (a ring of about KEPT_OUTPUT_CHARS bytes), decoded only when shown or searched. */
  private readonly recent: Buffer[] = [];
  private recentBytes = 0;
  /** The first output, kept whole: what a command says on starting (its view's URL) is found there however much follows. */
  private head = '';
  /** The line being written (no newline yet). */
  private partial = '';
  private readonly waiters = new Set<{ pattern: RegExp; resolve(line: string): void }>();
  private inspector: WebSocket | undefined;
  private nodePid = 0;
  /** sonic-boom's prototype in the command (an inspector object id), null if it has none, undefined before the first look. */
  private boomPrototype: string | null | undefined;
  private nextId = 1;
  private readonly replies = new Map<number, { resolve(result: any): void; reject(error: Error): void }>();

  private constructor(
    readonly name: string,
    private readonly process: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    const take = (chunk: Buffer) => this.take(chunk);
    process.stdout!.on('data', take);
    process.stderr!.on('data', take);
  }

  static async start(name: string, options: InspectedChildOptions): Promise<InspectedChild> {
    const [program, ...args] = options.command;
    const inspect = ['--inspect=127.0.0.1:0'];
    const env = { ...globalThis.process.env, PINMESH_DEBUG: '', NO_COLOR: '1', ...options.env };
    const child = options.terminal
      ? spawn('script', ['-qfec', [program!, ...inspect, ...args].map(shellQuote).join(' '), '/dev/null'], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(program!, [...inspect, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const inspected = new InspectedChild(name, child);
    try {
      const url = INSPECTOR_LINE.exec(await inspected.waitFor(INSPECTOR_LINE, 30_000))![1]!;
      await inspected.attach(url);
      return inspected;
    } catch (error) {
      await inspected.stop();
      throw error;
    }
  }

  /** Writes to the command's stdin (its terminal's keys when started with `terminal`). */
  type(text: string): void {
    this.process.stdin?.write(text);
  }

  /** The next output line matching `pattern` (or one already seen in the kept output). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = [...this.head.split('\n'), ...this.output.split('\n')].find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.name}: no line matching ${pattern} within ${timeoutMs} ms; it said:\n${this.tail()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      void this.exited.then((code) => {
        if (!this.waiters.delete(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code}) before a line matching ${pattern}; it said:\n${this.tail()}`));
      });
    });
  }

  /**
   * Two full garbage collections in the command, then its heap in use and RSS. One GC leaves what
   * finalizers and weak callbacks (FinalizationRegistry, ws/zlib handles) free only after it ran;
   * the second one takes that, so the reading does not depend on where the last GC fell. With
   * `withOutput`, also the output its line writers hold (a walk of the heap: not every sample).
   */
  async sample(withOutput = true): Promise<MemorySample> {
    await this.call('HeapProfiler.collectGarbage');
    const once = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
    await this.call('HeapProfiler.collectGarbage');
    const usage = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
    const at = (performance.now() - this.started) / 1000;
    const bufferedOutputBytes = withOutput ? await this.bufferedOutput() : undefined;
    const rss = (await this.call('Runtime.evaluate', { expression: 'process.memoryUsage.rss()', returnByValue: true })) as { result: { value: number } };
    return { at, heapBytes: usage.usedSize, heapAfterOneGcBytes: once.usedSize, ...(bufferedOutputBytes === undefined ? {} : { bufferedOutputBytes }), rssBytes: rss.result.value };
  }

  /**
   * The bytes held by every SonicBoom in the command (`_len`: what it has not written yet), found
   * with `Runtime.queryObjects` on sonic-boom's prototype (required through the inspector's command
   * line API, from the package's root: the same module as the command's). Read after the heap.
   */
  private async bufferedOutput(): Promise<number | undefined> {
    if (this.boomPrototype === undefined) {
      const found = (await this.call('Runtime.evaluate', {
        expression: "require('sonic-boom').prototype",
        includeCommandLineAPI: true,
        objectGroup: 'soak-prototype',
      }).catch(() => undefined)) as { result?: { objectId?: string }; exceptionDetails?: unknown } | undefined;
      this.boomPrototype = (!found?.exceptionDetails && found?.result?.objectId) || null;
    }
    if (!this.boomPrototype) return undefined;
    try {
      const instances = (await this.call('Runtime.queryObjects', { prototypeObjectId: this.boomPrototype, objectGroup: 'soak-sample' })) as { objects: { objectId: string } };
      const sum = (await this.call('Runtime.callFunctionOn', {
        objectId: instances.objects.objectId,
        functionDeclaration: 'function () { let bytes = 0; for (const boom of this) bytes += boom._len || 0; return bytes; }',
        returnByValue: true,
      })) as { result: { value: number } };
      return sum.result.value;
    } finally {
      await this.call('Runtime.releaseObjectGroup', { objectGroup: 'soak-sample' });
    }
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** The last output, for a failure's message. */
  tail(chars = 2_000): string {
    return this.output.slice(-chars);
  }

  /** Detaches the inspector, then SIGINT (as Ctrl-C), SIGKILL to the node process if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.inspector?.close();
    for (const pending of this.replies.values()) pending.reject(new Error(`${this.name} stopped`));
    this.replies.clear();
    if (!this.running) return;
    if (this.nodePid) signal(this.nodePid, 'SIGINT');
    else this.process.kill('SIGINT');
    const timer = setTimeout(() => {
      if (this.nodePid) signal(this.nodePid, 'SIGKILL');
      this.process.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private async attach(url: string): Promise<void> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      const pending = message.id === undefined ? undefined : this.replies.get(message.id);
      if (!pending) return;
      this.replies.delete(message.id!);
      if (message.error) pending.reject(new Error(`${this.name}: ${message.error.message}`));
      else pending.resolve(message.result);
    });
    socket.on('close', () => {
      for (const pending of this.replies.values()) pending.reject(new Error(`${this.name}: the inspector closed; it said:\n${this.tail()}`));
      this.replies.clear();
    });
    this.inspector = socket;
    const pid = (await this.call('Runtime.evaluate', { expression: 'process.pid', returnByValue: true })) as { result: { value: number } };
    this.nodePid = pid.result.value;
  }

  private call(method: string, params?: object): Promise<unknown> {
    const socket = this.inspector;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`${this.name}: its inspector is not open (exited?)\n${this.tail()}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.replies.delete(id)) return;
        reject(new Error(`${this.name}: no answer to ${method} through the inspector within ${CALL_TIMEOUT_MS / 1000} s; it said:\n${this.tail()}`));
      }, CALL_TIMEOUT_MS);
      this.replies.set(id, {
        resolve: (result) => (clearTimeout(timer), resolve(result)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      socket.send(JSON.stringify({ id, method, ...(params ? { params } : {}) }));
    });
  }

  /**
   * Takes a chunk of the command's output as it comes ('data' in flowing mode, never paused): the
   * lines are counted on the bytes (no decoding), the chunk kept in a ring of the last output, and
   * decoded only for the head, the line being written and a line someone waits for. A flat-out
   * command writes megabytes a second; a harness that decodes and copies all of it falls behind
   * under load, and the command's line writer then holds up to 4 MB of lines in its heap, which
   * the soak would read as heap going up and down.
   */
  private take(chunk: Buffer): void {
    // The command is exiting and waits for the inspector: let it go, and the calls under way fail with its last words.
    if (this.inspector && chunk.includes(EXITING_LINE)) this.inspector.close();
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) this.lines += 1;
    this.recent.push(chunk);
    this.recentBytes += chunk.length;
    while (this.recent.length > 1 && this.recentBytes - this.recent[0]!.length >= KEPT_OUTPUT_CHARS) this.recentBytes -= this.recent.shift()!.length;
    if (this.head.length < KEPT_OUTPUT_CHARS) this.head += chunk.toString().slice(0, KEPT_OUTPUT_CHARS - this.head.length);
    if (this.waiters.size === 0) {
      const last = chunk.lastIndexOf(10);
      this.partial = last === -1 ? (this.partial + chunk.toString()).slice(-KEPT_OUTPUT_CHARS) : chunk.subarray(last + 1).toString();
      return;
    }
    const whole = (this.partial + chunk.toString()).split('\n');
    this.partial = whole.pop()!.slice(-KEPT_OUTPUT_CHARS);
    for (const waiter of this.waiters) {
      const line = whole.find((candidate) => waiter.pattern.test(candidate));
      if (line !== undefined) {
        this.waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  }

  /** The last output, decoded (at most KEPT_OUTPUT_CHARS). */
  private get output(): string {
    return Buffer.concat(this.recent).toString().slice(-KEPT_OUTPUT_CHARS);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
