import { EventEmitter } from 'node:events';
import { SerialPort } from './serialport-package.js';
import type { ByteTransport } from '../serial/byte-transport.js';
import { eofAwareBinding } from './eof-aware-binding.js';
import type { SerialPortInfo } from './list-ports.js';
import { serialPortsAndSimulators } from './simulator-ports.js';
import { translateSerialOpenError } from './serial-errors.js';
import type { SettingNames } from '../setting-names.js';

/** Modem control lines for SerialTransport.setControlLines (serialport's set() flags). */
export interface SerialControlLines {
  dtr?: boolean;
  rts?: boolean;
  brk?: boolean;
  cts?: boolean;
}

type Callback = (error: Error | null) => void;

/**
 * The part of serialport's SerialPort (a SerialPortStream) this transport uses. Both
 * `SerialPort` (the OS binding) and `SerialPortMock` (the mock binding) satisfy it.
 */
export interface SerialPortHandle extends EventEmitter {
  readonly isOpen: boolean;
  open(callback: Callback): void;
  close(callback?: Callback): void;
  write(data: Buffer, callback?: (error: Error | null | undefined) => void): boolean;
  drain(callback: Callback): void;
  flush(callback: Callback): void;
  set(options: SerialControlLines, callback: Callback): void;
}

export interface SerialPortFactoryOptions {
  path: string;
  baudRate: number;
  /** One process owns a serial port: take an exclusive lock (flock) on POSIX. */
  lock: true;
  autoOpen: false;
}

export type SerialPortFactory = (options: SerialPortFactoryOptions) => SerialPortHandle;

/** serialport's OS binding, with a hung-up port reported as gone (see eof-aware-binding.ts). */
const systemBinding = eofAwareBinding(SerialPort.binding);

/** Real serial ports through serialport's OS binding. */
export const systemSerialPortFactory: SerialPortFactory = (options) => new SerialPort({ ...options, binding: systemBinding } as typeof options);

export interface SerialTransportOptions {
  /** StandardFirmata talks at 57600; optiboot at 115200. */
  baudRate?: number;
  /** Creates the serialport object. Default: systemSerialPortFactory. Tests: SerialPortMock. */
  createPort?: SerialPortFactory;
  /** Lists the ports that exist, for the advice when the path does not. Default: the OS's, and the simulated boards running. */
  listPorts?: () => Promise<SerialPortInfo[]>;
  /** For platform-specific advice (tests). Default: process.platform. */
  platform?: NodeJS.Platform;
  /** What the port is opened for, as a busy port's advice says it (see SerialErrorContext). Default: to drive the board. */
  purpose?: 'drive' | 'flash';
  /** How the person gives the serial port and the board, as advice says it (default: the command's flags). */
  names?: SettingNames;
}

type State = 'idle' | 'opening' | 'open' | 'closed';

/**
 * A ByteTransport over a serialport `SerialPort`.
 *
 * Events: 'open' once bytes can flow (and to every later 'open' listener while it stays open); 'data' (Buffer); 'close' (reason: a DisconnectedError
 * when the board went away, null when closed on purpose) once, and only if it was open;
 * 'error' (Error). Open failures are UserErrors with advice (see serial-errors.ts).
 * 'error' is only emitted while someone listens for it: a transport nobody watches reports
 * through open()'s rejection, write callbacks, flush() and 'close' instead of crashing the process.
 */
export class SerialTransport extends EventEmitter implements ByteTransport {
  readonly description: string;
  private state: State = 'idle';
  private closeRequested = false;
  private openPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;
  /** Settles when the most recent write has been handed to the OS. */
  private lastWrite: Promise<void> = Promise.resolve();
  private readonly listPorts: () => Promise<SerialPortInfo[]>;
  private readonly platform: NodeJS.Platform;
  private readonly purpose: 'drive' | 'flash';
  private readonly names: SettingNames | undefined;
  /** Flushes waiting for the next drain, in the order they were asked for. */
  private flushWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private draining = false;
  /** Rejects each flush/control job still running when the port closes. */
  private readonly jobsInFlight = new Set<() => void>();

  constructor(
    readonly path: string,
    readonly baudRate: number,
    private readonly port: SerialPortHandle,
    options: Pick<SerialTransportOptions, 'listPorts' | 'platform' | 'purpose' | 'names'> = {},
  ) {
    super();
    this.description = path;
    this.listPorts = options.listPorts ?? (() => serialPortsAndSimulators());
    this.platform = options.platform ?? process.platform;
    this.purpose = options.purpose ?? 'drive';
    this.names = options.names;
    // 'open' is a state: a listener attached once the port is open (firmata-io's, attached after
    // openSerialTransport resolved, which johnny-five's 'ready' waits for) hears it on the next tick.
    this.on('newListener', (event: string | symbol, listener: () => void) => {
      if (event === 'open' && this.state === 'open') process.nextTick(() => this.state === 'open' && listener.call(this));
    });
    port.on('data', (data: Buffer) => this.emit('data', data));
    port.on('error', (error: Error) => this.reportError(error));
    port.on('close', (reason?: Error | null) => this.portClosed(reason ?? null));
  }

  get isOpen(): boolean {
    return this.state === 'open' && this.port.isOpen;
  }

  /** Opens the port (once; later calls return the same promise). Rejects with a UserError. */
  open(): Promise<void> {
    this.openPromise ??= new Promise<void>((resolve, reject) => {
      this.state = 'opening';
      this.port.open((error) => {
        if (error) {
          this.state = 'closed';
          void this.adviceFor(error).then((advice) => {
            this.reportError(advice);
            reject(advice);
          });
          return;
        }
        if (this.closeRequested) {
          // close() was called while opening: never report 'open'; close() releases the port.
          resolve();
          return;
        }
        this.state = 'open';
        this.emit('open');
        resolve();
      });
    });
    return this.openPromise;
  }

  write(data: Buffer | number[], callback?: (error: Error | null) => void): boolean {
    if (this.state !== 'open' && this.state !== 'opening') {
      const error = new Error(`Serial port ${this.path} is not open`);
      this.lastWrite = Promise.reject(error);
      this.lastWrite.catch(() => undefined);
      if (callback) process.nextTick(callback, error);
      return false;
    }
    const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data);
    let settle!: (error: Error | null) => void;
    const written = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    written.catch(() => undefined);
    this.lastWrite = written;
    return this.port.write(buffer, (error) => {
      settle(error ?? null);
      callback?.(error ?? null);
    });
  }

  /**
   * Resolves once every byte written so far has been sent (tcdrain); rejects if the link died.
   * Flushes resolve in the order they were asked for: one drain at a time answers every flush asked
   * before it started (concurrent tcdrain calls run on libuv's thread pool and finish in any order,
   * which put a thousand concurrent writes' confirmations out of order).
   */
  flush(): Promise<void> {
    if (!this.isOpen) return Promise.reject(new Error(`Serial port ${this.path} is not open (flush)`));
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      if (!this.draining) void this.drainForWaiters();
    });
  }

  private async drainForWaiters(): Promise<void> {
    this.draining = true;
    try {
      while (this.flushWaiters.length > 0) {
        const batch = this.flushWaiters.splice(0);
        try {
          await this.whileOpen('flush', async () => {
            await this.lastWrite;
            await new Promise<void>((resolve, reject) => this.port.drain((error) => (error ? reject(error) : resolve())));
          });
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          for (const waiter of batch) waiter.reject(error as Error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Sets the modem control lines, e.g. DTR/RTS to reset an Arduino. */
  async setControlLines(lines: SerialControlLines): Promise<void> {
    await this.whileOpen('setting control lines', () =>
      new Promise<void>((resolve, reject) =>
        this.port.set(lines, (error) => (error ? reject(error) : resolve())),
      ),
    );
  }

  /** Throws away bytes received but not yet read, and written but not yet sent. */
  async discardBuffered(): Promise<void> {
    await this.whileOpen('discarding buffered bytes', () =>
      new Promise<void>((resolve, reject) =>
        this.port.flush((error) => (error ? reject(error) : resolve())),
      ),
    );
  }

  close(): Promise<void> {
    this.closeRequested = true;
    this.closePromise ??= (async () => {
      if (this.openPromise) await this.openPromise.catch(() => undefined);
      if (this.port.isOpen) {
        await new Promise<void>((resolve) => {
          // A close error leaves nothing for the caller to do: the port is being let go anyway.
          this.port.close(() => resolve());
        });
      }
      this.state = 'closed';
    })();
    return this.closePromise;
  }

  private portClosed(reason: Error | null): void {
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    if (wasOpen) this.emit('close', reason);
    for (const fail of [...this.jobsInFlight]) fail();
    this.jobsInFlight.clear();
  }

  private reportError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private async adviceFor(error: Error): Promise<Error> {
    const ports = await this.listPorts().catch(() => undefined);
    return translateSerialOpenError(error, { path: this.path, ports, platform: this.platform, purpose: this.purpose, ...(this.names && { names: this.names }) });
  }

  /** Runs `job`, rejecting if the port is not open or closes before it finishes. */
  private whileOpen(what: string, job: () => Promise<void>): Promise<void> {
    if (!this.isOpen) {
      return Promise.reject(new Error(`Serial port ${this.path} is not open (${what})`));
    }
    return new Promise<void>((resolve, reject) => {
      // One 'close' listener for all jobs in flight (a thousand concurrent writes each flush).
      const onClose = (): void => reject(new Error(`Serial port ${this.path} closed during ${what}`));
      this.jobsInFlight.add(onClose);
      job().then(resolve, reject).finally(() => this.jobsInFlight.delete(onClose));
    });
  }
}

/**
 * Creates a transport for `path` and starts opening it: listen for 'open' / 'error', or await
 * `transport.open()` (which rejects with a UserError that says what to do).
 */
export function createSerialTransport(path: string, options: SerialTransportOptions = {}): SerialTransport {
  const baudRate = options.baudRate ?? 57600;
  const createPort = options.createPort ?? systemSerialPortFactory;
  const port = createPort({ path, baudRate, lock: true, autoOpen: false });
  const transport = new SerialTransport(path, baudRate, port, options);
  transport.open().catch(() => undefined);
  return transport;
}

/**
 * Opens `path` (exclusively locked) and resolves with the open transport: its 'open' event has
 * already fired. Rejects with a UserError: no such port, port busy, permission denied, ...
 */
export async function openSerialTransport(
  path: string,
  options: SerialTransportOptions = {},
): Promise<SerialTransport> {
  const transport = createSerialTransport(path, options);
  await transport.open();
  return transport;
}
