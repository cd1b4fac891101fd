import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '../../errors.js';
import { BoardOfflineError, type Board, type BoardIdentity, type DigitalOutput, type Piezo, type ToneObservation } from '../board.js';
import type { ByteTransport } from '../transport.js';
import { bringUp, five, type FirmataLink } from './firmata-link.js';
import type { PinTruth } from './pin-truth.js';

/** 50 % duty on an 8-bit PWM pin: a passive piezo sounds at the PWM frequency (~490 Hz on pin 3). */
const PIEZO_DUTY = 128;

export interface FirmataBoardOptions {
  kind: string;
  /** Where the board is, for messages ("/dev/ttyACM0", "simulated ATmega328P"). */
  port: string;
  /** Opens a fresh transport to the board (called again to reconnect). */
  connect: () => Promise<ByteTransport>;
  /** How long the firmware may take to answer after the transport opens (an Uno resets on open). */
  readyTimeoutMs?: number;
  /** Advice appended when the board never answers. */
  advice?: string;
  /** MCU-level observation, when the board offers it (the simulated Uno). */
  truth?: PinTruth;
  /** Reconnect backoff after the board is lost, in ms. */
  reconnect?: { minDelayMs: number; maxDelayMs: number };
  /** Called when the board is released, after the outputs are safe (e.g. stop the simulation). */
  release?: () => Promise<void> | void;
}

/** What `pinmesh probe` prints: the firmware's identity, protocol and every pin's modes. */
export interface BoardDescription {
  identity: BoardIdentity;
  protocol: string;
  readyMs: number;
  pins: Array<{ pin: number; modes: string[]; analogChannel?: number }>;
}

/**
 * A board running StandardFirmata, driven through johnny-five over firmata-io on any byte
 * transport: a real Uno's serial port or the simulated Uno's USART. The LED pin is a johnny-five
 * Led; the piezo is switched with hardware PWM (analogWrite at 50 % duty: one command per on/off)
 * rather than johnny-five's host-timed Piezo. Writes resolve once their bytes reached the board
 * (and, where the board can tell, once the MCU's pin shows them). If the transport dies, the board
 * goes offline, refuses writes, reconnects with backoff, re-applies the pin modes and comes back.
 */
export class FirmataBoard extends EventEmitter implements Board {
  readonly kind: string;
  private link: FirmataLink | undefined;
  private identity: BoardIdentity | undefined;
  private readying: Promise<BoardIdentity> | undefined;
  private reconnecting = false;
  private closed = false;
  private readonly outputs = new Set<number>();
  private readonly piezos = new Set<number>();
  /** The johnny-five Led on each output pin, and the link (connection) it was made on. */
  private readonly leds = new Map<number, { led: import('johnny-five').Led; link: FirmataLink }>();
  private readonly stopTruth: (() => void) | undefined;

  constructor(private readonly options: FirmataBoardOptions) {
    super();
    this.kind = options.kind;
    this.stopTruth = options.truth?.onTone((observation) => this.emit('tone', observation));
  }

  get online(): boolean {
    return this.link !== undefined && !this.closed;
  }

  ready(): Promise<BoardIdentity> {
    if (this.identity && this.link) return Promise.resolve(this.identity);
    this.readying ??= this.connectOnce().finally(() => (this.readying = undefined));
    return this.readying;
  }

  describe(): BoardDescription {
    const link = this.requireLink();
    const modeNames = Object.fromEntries(Object.entries(link.io.MODES).map(([name, value]) => [value, name]));
    return {
      identity: this.identity!,
      protocol: `${link.io.version.major ?? '?'}.${link.io.version.minor ?? '?'}`,
      readyMs: link.readyMs,
      pins: link.io.pins.map((pin, index) => ({
        pin: index,
        modes: pin.supportedModes.map((mode) => modeNames[mode] ?? `0x${mode.toString(16)}`),
        ...(pin.analogChannel !== 127 ? { analogChannel: pin.analogChannel } : {}),
      })),
    };
  }

  digitalOutput(pin: number): DigitalOutput {
    this.outputs.add(pin);
    if (this.link) this.applyModes(this.link);
    return { pin, write: (value) => this.writeDigital(pin, value) };
  }

  piezo(pin: number): Piezo {
    this.piezos.add(pin);
    if (this.link) this.applyModes(this.link);
    return { pin, on: () => this.writeTone(pin, true), off: () => this.writeTone(pin, false) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const link = this.link;
    if (link) {
      // Fail-safe: every output LOW and every piezo silent, confirmed, before the port closes.
      const safe = [...this.outputs].map((pin) => this.writeDigital(pin, 0)).concat([...this.piezos].map((pin) => this.writeTone(pin, false)));
      const results = await Promise.allSettled(safe);
      for (const result of results) if (result.status === 'rejected') this.emit('warning', `could not make an output safe: ${errorMessage(result.reason)}`);
    }
    this.closed = true;
    this.link = undefined;
    this.stopTruth?.();
    if (link) {
      link.transport.removeAllListeners('close');
      await link.transport.close();
    }
    await this.options.release?.();
  }

  private async writeDigital(pin: number, value: 0 | 1): Promise<void> {
    const link = this.requireLink();
    const { led } = this.leds.get(pin)!;
    if (value === 1) led.on();
    else led.off();
    await this.delivered(link);
    const observation = this.options.truth
      ? await this.options.truth.confirmLevel(pin, value)
      : { pin, value, at: Date.now(), source: 'host' as const };
    this.emit('pin', observation);
  }

  private async writeTone(pin: number, on: boolean): Promise<void> {
    const link = this.requireLink();
    link.board.analogWrite(pin, on ? PIEZO_DUTY : 0);
    await this.delivered(link);
    if (this.options.truth) await this.options.truth.confirmTone(pin, on);
    else this.emit('tone', { pin, on, at: Date.now(), source: 'host' } satisfies ToneObservation);
  }

  /** Resolves once the bytes written so far left the host; a link that died first is an error. */
  private async delivered(link: FirmataLink): Promise<void> {
    try {
      await link.transport.flush();
    } catch (error) {
      throw new BoardOfflineError(`the write did not reach the board: ${errorMessage(error)}`);
    }
    if (this.link !== link) throw new BoardOfflineError('the board went offline before the write was confirmed');
  }

  private requireLink(): FirmataLink {
    if (this.closed) throw new BoardOfflineError(`the ${this.kind} board is closed`);
    if (!this.link) throw new BoardOfflineError(`the ${this.kind} board on ${this.options.port} is offline`);
    return this.link;
  }

  private async connectOnce(): Promise<BoardIdentity> {
    const opened = Date.now();
    const transport = await this.options.connect();
    const timeout = this.options.readyTimeoutMs ?? 10_000;
    let link: FirmataLink;
    try {
      link = await bringUp(transport, timeout, opened);
    } catch (error) {
      await transport.close().catch(() => undefined);
      const advice = this.options.advice ? `; ${this.options.advice}` : '';
      throw new BoardOfflineError(`the board on ${this.options.port} did not answer: ${errorMessage(error)}${advice}`);
    }
    this.adopt(link);
    return this.identity!;
  }

  private adopt(link: FirmataLink): void {
    const { firmware } = link.io;
    this.identity = {
      kind: this.kind,
      firmware: firmware.name ?? 'unknown firmware',
      version: firmware.version ? `${firmware.version.major}.${firmware.version.minor}` : 'unknown',
      port: this.options.port,
    };
    this.link = link;
    this.applyModes(link);
    link.transport.once('close', (reason?: unknown) => this.lost(link, reason));
  }

  /** (Re-)creates the johnny-five devices on a link: pin modes are what a reset board forgot. */
  private applyModes(link: FirmataLink): void {
    for (const pin of this.outputs) {
      if (this.leds.get(pin)?.link === link) continue;
      this.leds.set(pin, { led: new five.Led({ pin, board: link.board }), link });
    }
    for (const pin of this.piezos) link.board.pinMode(pin, link.io.MODES.PWM!);
  }

  private lost(link: FirmataLink, reason: unknown): void {
    if (this.link !== link || this.closed) return;
    this.link = undefined;
    link.io.removeAllListeners();
    this.emit('offline', `the link to ${this.options.port} closed${reason instanceof Error ? `: ${reason.message}` : ''}`);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    const { minDelayMs, maxDelayMs } = this.options.reconnect ?? { minDelayMs: 250, maxDelayMs: 2_000 };
    let delay = minDelayMs;
    try {
      while (!this.closed && !this.link) {
        await sleep(delay);
        if (this.closed) return;
        try {
          const identity = await this.connectOnce();
          if (this.closed) return;
          this.emit('online', identity);
        } catch {
          delay = Math.min(delay * 2, maxDelayMs);
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }
}
