import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, UserError } from '../../errors.js';
import { backoffDelay, retryWithBackoff, type Backoff } from '../../net/backoff.js';
import { BoardOfflineError, type Board, type BoardIdentity, type InputObservation, type PinObservation, type PwmObservation, type ServoObservation } from '../board.js';
import { checkAnalogReadOptions, checkDegrees, checkDigitalReadOptions, checkDuty, checkLevel, checkPinMode, type AnalogReadOptions, type DigitalReadOptions, type OutputSafety, type PinMode, type PinSetupName, type PinSetups } from '../capabilities.js';
import { pulseForDegrees, SERVO_PULSE_US } from '../servo-pulse.js';
import type { ByteTransport } from '../../serial/byte-transport.js';
import { bringUp, ClosedSaying, type FirmataLink } from './firmata-link.js';
import { clipped } from '../../clipped.js';
import { terminalText } from '../../report/terminal-text.js';
import { boardWithPinCount } from '../../chips/board-definitions.js';
import { firmataPinModes } from './firmata-modes.js';
import type { PinTruth } from './pin-truth.js';

/** Firmata's SET_PIN_MODE message: 0xF4, pin, mode. */
const SET_PIN_MODE = 0xf4;

export interface FirmataBoardOptions {
  kind: string;
  /** Where the board is, for messages ("/dev/ttyACM0", "simulated ATmega328P"). */
  port: string;
  /** Opens a fresh transport to the board (called again to reconnect). */
  connect: () => Promise<ByteTransport>;
  /** How long the firmware may take to answer after the transport opens (an Uno resets on open). */
  readyTimeoutMs?: number;
  /**
   * How long (wall ms) firmata.js waits for the firmware's version before it asks for it. Default
   * 2 s. The simulated Uno in lockstep waits the whole ready timeout: its firmware announces
   * itself at every reset, and a question timed by the wall would reach it at a cycle that depends
   * on the machine's speed.
   */
  reportVersionTimeoutMs?: number;
  /**
   * The clock the host's observations (what it wrote, what the inputs reported) are stamped on, in
   * ms. Default: the wall's (Date.now()); the simulated Uno in lockstep: its MCU's time.
   */
  now?: () => number;
  /** Advice appended when the board never answers. */
  advice?: string;
  /** What connecting involves, said while the person waits ("the Uno resets, about 2 s"). */
  connectHint?: string;
  /** MCU-level observation, when the board offers it (the simulated Uno). */
  truth?: PinTruth;
  /** Reconnect backoff after the board is lost, in ms. */
  reconnect?: Backoff;
  /** Said once, as a 'warning', when the board first answers (Firmata over TCP to another host has no authentication). */
  notice?: string;
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

/** What the board set a pin up as; re-applied on every new link (a reset board forgot it). */
type PinSetup = { mode: 'output' } | { mode: 'pwm' } | { mode: 'servo' } | { mode: 'input'; pullUp: boolean } | { mode: 'analog'; intervalMs: number | undefined };

const NO_ANALOG_CHANNEL = 127;

/**
 * A board running StandardFirmata, driven through johnny-five over firmata-io on any byte
 * transport: a real Uno's serial port or the simulated Uno's USART. It offers the pin
 * capabilities and nothing else (no devices, no device policy): digital and PWM writes, digital
 * and analog reads, and the per-pin modes the firmware answered to the capability query.
 *
 * Writes resolve once their bytes reached the board (and, where the board can tell, once the
 * MCU's pin shows them). If the transport dies, the board goes offline, refuses writes,
 * reconnects with backoff, re-applies every pin's mode and input reporting, and comes back.
 * close() is the fail-safe: every pin it drove LOW, every PWM at 0, every servo detached (no more
 * pulses), confirmed, then released. A servo is not re-attached after a reconnect: like every
 * output of a reset board it stays safe (limp) until the next servoWrite.
 */
export class FirmataBoard extends EventEmitter implements Board, OutputSafety, PinSetups {
  readonly kind: string;
  readonly port: string;
  readonly connectHint: string | undefined;
  private link: FirmataLink | undefined;
  private identity: BoardIdentity | undefined;
  private readying: Promise<BoardIdentity> | undefined;
  private reconnecting = false;
  private closed = false;
  private noticed = false;
  // Bound (these maps): one entry per pin of the board (20 on an Uno).
  /** Each pin's setup, in the order the pins were first used. */
  private readonly setups = new Map<number, PinSetup>();
  /** The link each pin's setup was last applied on. */
  private readonly appliedOn = new Map<number, FirmataLink>();
  /** Each analog input's reporting listener on the live link's io (see apply()). */
  private readonly analogListeners = new Map<number, (value: unknown) => void>();
  /** Each digital output's level as last written on the live link, to report changes only (none yet: unknown). */
  private readonly levels = new Map<number, 0 | 1>();
  /** Each PWM pin's duty as last observed on the live link, to report changes only. */
  private readonly duties = new Map<number, number>();
  /** Each servo's angle as last observed on the live link, to report changes only. */
  private readonly angles = new Map<number, number>();
  /** Last level reported by each digital input, to report changes only. */
  private readonly inputLevels = new Map<number, 0 | 1>();
  /** The modes of every pin, as the firmware last answered the capability query. */
  private modes: ReadonlyArray<readonly PinMode[]> | undefined;

  private readonly now: () => number;

  constructor(private readonly options: FirmataBoardOptions) {
    super();
    this.kind = options.kind;
    this.port = options.port;
    this.connectHint = options.connectHint;
    this.now = options.now ?? Date.now;
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
        ...(pin.analogChannel !== NO_ANALOG_CHANNEL ? { analogChannel: pin.analogChannel } : {}),
      })),
    };
  }

  /** The firmware's own answer to the capability query decides what a pin can do. */
  get pinSource(): string {
    return `capability report of the board on ${this.options.port}`;
  }

  pinModes(pin: number): readonly PinMode[] {
    if (!this.modes) throw new BoardOfflineError(`the ${this.kind} board on ${this.options.port} has not answered yet: await board.ready() before using it`);
    return this.modes[pin] ?? [];
  }

  async digitalWrite(pin: number, value: 0 | 1): Promise<void> {
    checkLevel(value);
    const link = this.use(pin, 'digital-out', { mode: 'output' });
    link.board.digitalWrite(pin, value);
    const landed = this.delivered(link);
    // A `pin` event is a change: the MCU's pin going to another level, or (where only the host's
    // writes are known) a level other than the one last written on this link.
    let observation: PinObservation | undefined;
    if (this.options.truth) observation = await this.options.truth.confirmLevel(pin, value, landed);
    else {
      await landed;
      if (this.levels.get(pin) !== value) observation = { pin, value, at: this.now(), source: 'host' };
    }
    this.levels.set(pin, value);
    if (observation) this.emit('pin', observation);
  }

  async pwmWrite(pin: number, duty: number): Promise<void> {
    checkDuty(duty);
    const link = this.use(pin, 'pwm', { mode: 'pwm' });
    link.board.analogWrite(pin, duty);
    const landed = this.delivered(link);
    const observation: PwmObservation = this.options.truth
      ? await this.options.truth.confirmPwm(pin, duty, landed)
      : (await landed, { pin, duty, at: this.now(), source: 'host' });
    if ((this.duties.get(pin) ?? 0) === duty) return;
    this.duties.set(pin, duty);
    this.emit('pwm', observation);
  }

  async servoWrite(pin: number, degrees: number): Promise<void> {
    checkDegrees(degrees);
    const link = this.use(pin, 'servo', { mode: 'servo' });
    // The pulse width itself (≥ 544 µs), as johnny-five's Servo sends it: the host knows the exact pulse.
    link.io.servoWrite(pin, pulseForDegrees(degrees));
    const landed = this.delivered(link);
    const observation: ServoObservation = this.options.truth
      ? await this.options.truth.confirmServo(pin, degrees, landed)
      : (await landed, { pin, degrees, at: this.now(), source: 'host' });
    if (this.angles.get(pin) === degrees) return;
    this.angles.set(pin, degrees);
    this.emit('servo', observation);
  }

  async digitalRead(pin: number, options: DigitalReadOptions = {}): Promise<0 | 1> {
    checkDigitalReadOptions(options);
    const setup: PinSetup = { mode: 'input', pullUp: options.pullUp ?? false };
    const known = this.isSetUp(pin, setup) ? this.inputLevels.get(pin) : undefined;
    const link = this.use(pin, 'digital-in', setup);
    if (known !== undefined) return known;
    // Enabling the report makes the firmware send the pin's port at once.
    const first = new Promise<0 | 1>((resolve) => link.io.once(`digital-read-${pin}`, (value) => resolve(value ? 1 : 0)));
    await this.delivered(link);
    return this.whileLinked(link, first);
  }

  async analogRead(pin: number, options: AnalogReadOptions = {}): Promise<number> {
    checkAnalogReadOptions(options);
    // No interval given: the one set before stays (Firmata's sampling interval is the whole board's).
    const before = this.setups.get(pin);
    const intervalMs = options.intervalMs ?? (before?.mode === 'analog' ? before.intervalMs : undefined);
    const link = this.use(pin, 'analog-in', { mode: 'analog', intervalMs });
    const channel = link.io.pins[pin]!.analogChannel;
    const first = new Promise<number>((resolve) => link.io.once(`analog-read-${channel}`, (value) => resolve(Number(value))));
    await this.delivered(link);
    return this.whileLinked(link, first);
  }

  /** Every pin set up so far, as the firmware was told (see PinSetups); kept across reconnects, as the setups are. */
  pinSetups(): ReadonlyMap<number, PinSetupName> {
    return new Map([...this.setups].map(([pin, setup]) => [pin, setupName(setup)]));
  }

  /** One output made safe (see OutputSafety), as close() does for every one: LOW, PWM 0, or the servo detached. */
  async makeSafe(pin: number): Promise<void> {
    const setup = this.setups.get(pin);
    if (setup?.mode === 'output') return this.digitalWrite(pin, 0);
    if (setup?.mode === 'pwm') return this.pwmWrite(pin, 0);
    if (setup?.mode === 'servo') {
      const link = this.requireLink();
      this.appliedOn.delete(pin); // out of SERVO mode now: the next servoWrite attaches it again
      return this.detachServo(link, pin);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const link = this.link;
    if (link) {
      // Fail-safe: every pin this board drove LOW, every PWM at 0, every servo detached, confirmed, before the port closes.
      const safe = [...this.setups].flatMap(([pin, setup]) =>
        setup.mode === 'output' ? [this.digitalWrite(pin, 0)] : setup.mode === 'pwm' ? [this.pwmWrite(pin, 0)] : setup.mode === 'servo' ? [this.detachServo(link, pin)] : [],
      );
      const results = await Promise.allSettled(safe);
      for (const result of results) if (result.status === 'rejected') this.emit('warning', `could not make an output safe: ${errorMessage(result.reason)}`);
    }
    this.closed = true;
    this.link = undefined;
    if (link) {
      link.transport.removeAllListeners('close');
      await link.transport.close();
    }
    await this.options.release?.();
  }

  /**
   * A servo's fail-safe: its pulses stop and its pin is LOW. Firmata detaches a servo when its pin
   * leaves SERVO mode; a servo without pulses holds no position (it does not move by itself),
   * where any angle written on the way out could swing an arm into something.
   */
  private async detachServo(link: FirmataLink, pin: number): Promise<void> {
    link.board.pinMode(pin, link.io.MODES.OUTPUT!);
    link.board.digitalWrite(pin, 0);
    const landed = this.delivered(link);
    const observation: ServoObservation = this.options.truth
      ? await this.options.truth.confirmServo(pin, undefined, landed)
      : (await landed, { pin, at: this.now(), source: 'host' });
    if (!this.angles.delete(pin)) return; // it was not attached on this link: nothing changed
    this.emit('servo', observation);
  }

  /** The live link, with `pin` checked for `mode` and set up as `setup` on it. */
  private use(pin: number, mode: PinMode, setup: PinSetup): FirmataLink {
    const link = this.requireLink();
    checkPinMode(this, pin, mode);
    if (!this.isSetUp(pin, setup)) {
      this.setups.set(pin, setup);
      this.apply(link, pin, setup);
    }
    return link;
  }

  /** True when `pin` is set up as `setup` on the live link already. */
  private isSetUp(pin: number, setup: PinSetup): boolean {
    return this.link !== undefined && this.appliedOn.get(pin) === this.link && sameSetup(this.setups.get(pin), setup);
  }

  /** Sends a pin's mode (and starts its input reporting) on a link. */
  private apply(link: FirmataLink, pin: number, setup: PinSetup): void {
    const { io, board } = link;
    this.appliedOn.set(pin, link);
    switch (setup.mode) {
      case 'output':
        board.pinMode(pin, io.MODES.OUTPUT!);
        return;
      case 'pwm':
        board.pinMode(pin, io.MODES.PWM!);
        return;
      case 'servo':
        io.servoConfig(pin, SERVO_PULSE_US.min, SERVO_PULSE_US.max);
        return;
      case 'input': {
        const pullUpMode = io.MODES.PULLUP !== undefined && io.pins[pin]!.supportedModes.includes(io.MODES.PULLUP);
        board.pinMode(pin, setup.pullUp && pullUpMode ? io.MODES.PULLUP! : io.MODES.INPUT!);
        // Firmata before 2.5 has no PULLUP mode: writing HIGH to an input turns its pull-up on, as on the chip.
        if (setup.pullUp && !pullUpMode) board.digitalWrite(pin, 1);
        this.inputLevels.delete(pin);
        io.digitalRead(pin, (value) => this.reportDigital(link, pin, value ? 1 : 0));
        return;
      }
      case 'analog': {
        const channel = io.pins[pin]!.analogChannel;
        // Back to ANALOG mode: StandardFirmata reports a pin used as an output before only once it is
        // (the Uno's build, 2.4, sends one reading when reporting starts; the Mega's, 2.3, none at all), and
        // firmata-io's pinMode(ANALOG) only records it: SET_PIN_MODE is sent here.
        link.transport.write([SET_PIN_MODE, pin, io.MODES.ANALOG!]);
        if (setup.intervalMs !== undefined) io.setSamplingInterval(setup.intervalMs);
        // firmata-io adds a listener at each analogRead: one set up again (a new interval) reports once, not twice.
        const earlier = this.analogListeners.get(pin);
        if (earlier) io.removeListener(`analog-read-${channel}`, earlier);
        const listener = (value: unknown) => this.reportInput(link, pin, 'analog', Number(value));
        this.analogListeners.set(pin, listener);
        io.analogRead(channel, listener);
        return;
      }
    }
  }

  private reportDigital(link: FirmataLink, pin: number, value: 0 | 1): void {
    if (this.inputLevels.get(pin) === value) return;
    this.inputLevels.set(pin, value);
    this.reportInput(link, pin, 'digital', value);
  }

  private reportInput(link: FirmataLink, pin: number, mode: InputObservation['mode'], value: number): void {
    if (this.link !== link) return;
    this.emit('input', { pin, mode, value, at: this.now(), source: 'host' } satisfies InputObservation);
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

  /** `answer`, unless the link dies first. */
  private whileLinked<T>(link: FirmataLink, answer: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lost = () => reject(new BoardOfflineError(`the ${this.kind} board went offline before the pin was read`));
      link.transport.once('close', lost);
      answer.then(resolve, reject).finally(() => link.transport.off('close', lost));
    });
  }

  private requireLink(): FirmataLink {
    if (this.closed) throw new BoardOfflineError(`the ${this.kind} board is closed`);
    if (!this.link) {
      // Never answered: a program that opened it and wrote at once, before its ready() (or while it connects).
      if (!this.identity) throw new BoardOfflineError(`the ${this.kind} board on ${this.options.port} has not answered yet: await board.ready() before using it`);
      throw new BoardOfflineError(`the ${this.kind} board on ${this.options.port} is offline`);
    }
    return this.link;
  }

  private async connectOnce(): Promise<BoardIdentity> {
    const opened = Date.now();
    const transport = await this.options.connect().catch((error: unknown) => {
      // A serial port's failures are already advice; a network board that refused or never answered is told here.
      if (error instanceof UserError || error instanceof BoardOfflineError) throw error;
      const advice = this.options.advice ? `; ${this.options.advice}` : '';
      throw new BoardOfflineError(`could not reach the board on ${this.options.port}: ${errorMessage(error)}${advice}`);
    });
    const timeout = this.options.readyTimeoutMs ?? 10_000;
    let link: FirmataLink;
    try {
      link = await bringUp(transport, timeout, opened, this.options.reportVersionTimeoutMs);
    } catch (error) {
      await transport.close().catch(() => undefined);
      // The board said why it closed: that, not guesses about cables and firmware.
      if (error instanceof ClosedSaying) throw new BoardOfflineError(`the board on ${this.options.port} turned this connection away: ${terminalText(clipped(error.said, 300))}`);
      const advice = this.options.advice ? `; ${this.options.advice}` : '';
      throw new BoardOfflineError(`the board on ${this.options.port} did not answer: ${errorMessage(error)}${advice}`);
    }
    this.adopt(link);
    if (this.options.notice && !this.noticed) {
      this.noticed = true;
      this.emit('warning', this.options.notice);
    }
    return this.identity!;
  }

  private adopt(link: FirmataLink): void {
    const { firmware } = link.io;
    const named = boardWithPinCount(link.io.pins.length);
    this.identity = {
      kind: this.kind,
      firmware: firmware.name ?? 'unknown firmware',
      version: firmware.version ? `${firmware.version.major}.${firmware.version.minor}` : 'unknown',
      port: this.options.port,
      ...(named && { board: named.name }),
    };
    this.modes = firmataPinModes(link.io);
    this.link = link;
    this.duties.clear(); // a new link is a reset board: every PWM is off, every servo detached
    this.levels.clear(); // and every output's level unknown (a board on the network does not reset)
    this.angles.clear();
    // Modes and input reporting come back; a servo does not until its next write (attached, it would move to the middle).
    for (const [pin, setup] of this.setups) if (setup.mode !== 'servo') this.apply(link, pin, setup);
    link.transport.once('close', (reason?: unknown) => this.lost(link, reason));
  }

  private lost(link: FirmataLink, reason: unknown): void {
    if (this.link !== link || this.closed) return;
    this.link = undefined;
    link.io.removeAllListeners();
    this.emit('offline', `the link to ${this.options.port} closed${reason instanceof Error ? `: ${reason.message}` : ''}`);
    void this.reconnect();
  }

  /** Opens the board again, by the backoff policy, until it answers or the board is closed. */
  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    const backoff = this.options.reconnect ?? { minDelayMs: 250, maxDelayMs: 2_000 };
    try {
      await sleep(backoffDelay(backoff, 1));
      await retryWithBackoff(
        async () => {
          if (this.closed || this.link) return;
          const identity = await this.connectOnce();
          if (!this.closed) this.emit('online', identity);
        },
        { backoff, isFinal: () => this.closed },
      );
    } catch {
      // closed while reconnecting
    } finally {
      this.reconnecting = false;
    }
  }
}

function sameSetup(a: PinSetup | undefined, b: PinSetup): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** A pin's setup in Arduino's words (an input with the MCU's pull-up on is INPUT_PULLUP, whichever way Firmata turned it on). */
function setupName(setup: PinSetup): PinSetupName {
  if (setup.mode === 'input') return setup.pullUp ? 'INPUT_PULLUP' : 'INPUT';
  return ({ output: 'OUTPUT', pwm: 'PWM', servo: 'SERVO', analog: 'ANALOG' } as const)[setup.mode];
}
