/**
 * The simulated Uno on a serial port: a pseudo-terminal (made by socat, see socat.ts) whose other
 * end is the MCU's USART0, so any Firmata client opens it as it would a real Uno's
 * /dev/ttyACM0, and pinmesh's own `--board uno` path (serialport, its lock, open/ready/reset
 * handling, unplug detection) runs unchanged against the real StandardFirmata.
 *
 * One socat is one client session: it waits for a client to open the port, carries the bytes
 * until the client closes it, then exits, and the bridge starts the next one on the same path.
 *
 * DTR: a real Uno resets when its port is opened (the USB chip's DTR line, through a capacitor,
 * pulls RESET low) and not when it is closed. A pty has no modem lines, so the bridge resets the
 * MCU at the moment socat sees the client open the pty (socat's wait-slave, polled every 10 ms):
 * the firmware boots again and announces itself, as on the real board. Closing the port leaves the
 * MCU running as the client left it, as on the real board.
 *
 * unplug() is the USB cable pulled: the port disappears (a client holding it sees its port die,
 * as serialport reports a real disconnect) and the MCU loses power. plug() brings both back.
 */
import { EventEmitter } from 'node:events';
import { lstat, readlink, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { SimulatedUno } from '../boards/sim/simulated-uno.js';
import type { ByteTransport } from '../serial/byte-transport.js';
import { errorMessage, UserError } from '../errors.js';
import { ptyLinkState } from '../serial/pty-link.js';
import { findSocat, parseSocatNotice, SOCAT_MISSING, spawnSocat } from './socat.js';

export interface SerialBridgeOptions {
  /** Where the port appears (a symlink to the pty): the path clients open. */
  link: string;
  /** The socat executable. Default: found on PATH. */
  socat?: string;
}

/** The port as it is now: the stable path, and the pty it points to (a new one for each client session). */
export interface SerialPortPlace {
  link: string;
  pty: string;
}

export interface SerialBridgeEvents {
  /** The port is there to be opened (again). */
  ready: [place: SerialPortPlace];
  /** A client opened the port: the MCU resets, as DTR resets a real Uno. */
  opened: [];
  /** The client closed the port (or the cable was pulled while it held it). */
  closed: [];
  /** Something went wrong that the bridge could not mend (socat died on its own twice in a row…). */
  error: [error: Error];
}

/** Bytes from the board waiting for a client that does not read are dropped beyond this, as a UART overruns. */
const MAX_BUFFERED_BYTES = 64 * 1024;
/** socat runs that end without a client in a row before the bridge gives up (something is wrong with it). */
const MAX_BARREN_SESSIONS = 3;

interface Session {
  child: ChildProcessWithoutNullStreams;
  pty?: string;
  transport?: ByteTransport;
  opened: boolean;
  ended: boolean;
  notices: string[];
  exited: Promise<void>;
}

type Waiter = { resolve: (place: SerialPortPlace) => void; reject: (error: Error) => void };

export class SerialBridge extends EventEmitter<SerialBridgeEvents> {
  readonly link: string;
  private readonly socat: string | undefined;
  private session: Session | undefined;
  /** True while the port should exist: started, plugged, not closed. */
  private wanted = false;
  private closed = false;
  private barren = 0;
  private waiters: Waiter[] = [];

  constructor(
    readonly uno: SimulatedUno,
    options: SerialBridgeOptions,
  ) {
    super();
    this.link = options.link;
    this.socat = options.socat ?? findSocat();
  }

  /** The pty the link points to now (undefined while unplugged). */
  get pty(): string | undefined {
    return this.session?.pty;
  }

  /** Powers the MCU on and makes the port; resolves once a client can open it, while the firmware boots (see bootUnawaited). */
  async start(): Promise<SerialPortPlace> {
    if (!this.socat) throw new UserError(SOCAT_MISSING);
    await this.clearStaleLink();
    const boot = this.uno.start();
    if (!this.uno.plugged) await boot; // no power, no port: start()'s own error
    bootUnawaited(boot);
    this.wanted = true;
    return this.nextSession();
  }

  /** The USB cable is pulled: the port disappears (its client sees it die) and the MCU loses power. */
  async unplug(): Promise<void> {
    this.wanted = false;
    this.uno.unplug();
    await this.endSession();
  }

  /** The cable is back: the MCU powers on and the port appears again at the same path. */
  async plug(): Promise<SerialPortPlace> {
    if (this.closed) throw new Error('the serial bridge is closed');
    bootUnawaited(this.uno.plug());
    this.wanted = true;
    if (this.session) return this.place(this.session);
    return this.nextSession();
  }

  /** Removes the port (socat removes its link) and lets go of the MCU's serial line; the MCU itself is its owner's to stop. */
  async close(): Promise<void> {
    this.closed = true;
    this.wanted = false;
    await this.endSession();
    // socat removes its link when it exits; one killed before it could (a SIGTERM as it started) leaves it dangling.
    if (await this.isDanglingLink()) await unlink(this.link).catch(() => undefined);
    this.failWaiters(new Error('the serial bridge was closed'));
  }

  private nextSession(): Promise<SerialPortPlace> {
    const ready = new Promise<SerialPortPlace>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.session) this.spawn();
    return ready;
  }

  private spawn(): void {
    const child = spawnSocat(this.socat!, this.link);
    let exited!: () => void;
    const session: Session = { child, opened: false, ended: false, notices: [], exited: new Promise((resolve) => (exited = resolve)) };
    this.session = session;
    child.stdin.on('error', () => undefined); // EPIPE once socat is gone: its exit says what happened
    child.stdout.on('data', (bytes: Buffer) => {
      if (session.transport?.isOpen) session.transport.write(bytes);
    });
    createInterface({ input: child.stderr }).on('line', (line) => this.notice(session, line));
    child.on('error', (error) => {
      session.notices.push(errorMessage(error));
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) exited(); // never started
    });
    child.on('exit', () => exited());
    void session.exited.then(() => this.ended(session));
  }

  private notice(session: Session, line: string): void {
    const notice = parseSocatNotice(line);
    switch (notice.kind) {
      case 'pty':
        session.pty = notice.pty;
        void this.linkAppears().then(
          () => {
            if (this.session !== session || session.ended) return;
            const place = this.place(session);
            const waiters = this.waiters.splice(0);
            for (const waiter of waiters) waiter.resolve(place);
            this.emit('ready', place);
          },
          (error: Error) => this.fail(error),
        );
        return;
      case 'client-opened':
        void this.clientOpened(session);
        return;
      case 'other':
        session.notices.push(line);
        if (session.notices.length > 8) session.notices.shift();
        return;
    }
  }

  /** DTR: the client opened the port, so the MCU resets and its USART is linked to the pty. */
  private async clientOpened(session: Session): Promise<void> {
    session.opened = true;
    this.barren = 0;
    this.emit('opened');
    let transport: ByteTransport;
    try {
      transport = await this.uno.openTransport(); // resets the MCU: the firmware boots and announces itself
    } catch {
      session.child.kill(); // no power: the port goes, as on a board whose cable is out
      return;
    }
    if (this.session !== session || session.ended) {
      await transport.close();
      return;
    }
    session.transport = transport;
    transport.on('data', (bytes: Buffer) => {
      if (session.child.stdin.writableLength < MAX_BUFFERED_BYTES) session.child.stdin.write(bytes);
    });
    transport.on('close', () => {
      // The MCU lost its serial line (power off): the client's port goes with it.
      if (this.session === session && !session.ended) session.child.kill();
    });
  }

  /** socat exited: the client closed the port, or the bridge ended the session. */
  private async ended(session: Session): Promise<void> {
    session.ended = true;
    if (this.session === session) this.session = undefined;
    const transport = session.transport;
    session.transport = undefined;
    await transport?.close();
    if (session.opened) this.emit('closed');
    if (!this.wanted || this.closed) return;
    if (!session.opened && ++this.barren >= MAX_BARREN_SESSIONS) {
      this.wanted = false;
      this.fail(new Error(`socat keeps exiting without a client (${session.notices.at(-1) ?? 'no message'})`));
      return;
    }
    if (!this.session) this.spawn();
  }

  private async endSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    session.ended = true;
    session.child.kill('SIGTERM');
    await session.exited;
  }

  /** socat reports the pty before making the link, or just after: the link must be there before anyone is told. */
  private async linkAppears(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (await lstat(this.link).then(() => true, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`socat did not make the link ${this.link}`);
  }

  /**
   * A link left by a bridge that was killed (socat could not remove it) points to a pty that is gone:
   * remove it. Anything else at that path is not ours to touch.
   */
  private async clearStaleLink(): Promise<void> {
    const existing = await lstat(this.link).catch(() => undefined);
    if (!existing) return;
    if (await this.isDanglingLink()) {
      await unlink(this.link);
      return;
    }
    const target = existing.isSymbolicLink() ? await readlink(this.link).catch(() => '') : '';
    throw new UserError(
      `${this.link} already exists${target ? ` (→ ${target})` : ''}: is another \`pinmesh sim --serial\` running? Stop it, or choose another path with --link PATH`,
    );
  }

  /** The path is a symlink to a pseudo-terminal that is gone: what socat leaves when it cannot remove its link. */
  private async isDanglingLink(): Promise<boolean> {
    return (await ptyLinkState(this.link)) === 'dangling';
  }

  private place(session: Session): SerialPortPlace {
    return { link: this.link, pty: session.pty ?? '' };
  }

  private fail(error: Error): void {
    this.failWaiters(error);
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private failWaiters(error: Error): void {
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter.reject(error);
  }
}

/**
 * The port appears when the board gets power, not once its firmware has booted: a real board's USB
 * serial port is there as soon as it is plugged in, and opening it resets the MCU (DTR), so a boot
 * the bridge waited for would be thrown away by the first client. (A firmware that never writes to
 * its line, Blink, was fast-forwarded to the 4 simulated s boot limit first, wherever no boot snapshot
 * put it back, as behind a bootloader always: about 2.8 s of wall and CPU before the port appeared.)
 * A boot that power going off, or stop(), cuts short rejects, and
 * nobody waits for it; what the power-on itself refuses (a firmware that does not fit) is thrown
 * before this, by start() or plug() themselves.
 */
function bootUnawaited(boot: Promise<void>): void {
  boot.catch(() => undefined);
}
