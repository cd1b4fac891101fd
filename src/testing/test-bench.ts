/**
 * A sketch or a circuit under test, in this process: send it frames and await the replies, press
 * its buttons, set its analog inputs, let its time pass, and read what the board saw (its
 * PinHistory). Made by testSketch() and testCircuit() (start-bench.ts); every wait runs the run's
 * own time (BenchTime), so on the mock board 10 s of sketch time take milliseconds.
 */
import type { Board } from '../boards/board.js';
import { hasPinSetups } from '../boards/capabilities.js';
import { UserError, errorMessage } from '../errors.js';
import { simButtonPress } from '../boards/sim/button-press.js';
import type { DrivenLevel } from '../boards/sim/pin-drive.js';
import { buttonWiring, type ButtonWiring } from '../devices/button.js';
import { simulatedUnoOf } from '../boards/sim/uno-of-board.js';
import type { NodeEvent } from '../report/events.js';
import type { RunHandle } from '../run/run-options.js';
import type { StartedNode } from '../runtime/start-node.js';
import type { BenchCrash } from './bench-crash.js';
import { BenchTimeout, PinWaitTimeout } from './bench-timeout.js';
import { durationMs, durationText, pinNumber } from './durations.js';
import { FrameClient } from './frame-client.js';
import type { PinChange, PinHistory, Tone } from './pin-history.js';
import { checkAnalogInput } from './analog-pin.js';
import { checkBenchOptions } from './bench-options.js';
import { checkPressable, checkWasRead, whose, type BenchSubject } from './pressable-pin.js';
import { unsetPinChecks } from './unset-pin-checks.js';
import { refusePwmPin } from './pwm-pin.js';

/** The time a bench runs on: a VirtualClock on the mock board, a FollowedClock (the MCU's) on the simulated Uno. */
export interface BenchTime {
  now(): number;
  /** Lets `ms` pass, everything due on the way happening in order; stops once `signal` aborts. */
  advance(ms: number, signal?: AbortSignal): Promise<void>;
  /** Lets time pass until `promise` settles; rejects once `limitMs` passed without it. */
  runUntil<T>(promise: Promise<T>, limitMs?: number): Promise<T>;
  /** Something happened that may lead to more. */
  notice(): void;
}

/** A duration: milliseconds, or a text like "500ms", "2s". */
export type Duration = number | string;
/** A pin: its number, or "A0"–"A5". */
export type PinName = number | string;

/** How long a reply may take, in the run's time, unless a send says otherwise. */
const REPLY_TIMEOUT_MS = 30_000;

export interface BenchParts {
  run: RunHandle<unknown>;
  time: BenchTime;
  history: PinHistory;
  events: NodeEvent[];
  /** The served nodes, by name; `send` talks to the first unless told. */
  nodes: ReadonlyMap<string, StartedNode>;
  boards: () => readonly Board[];
  /** What runs: one sketch (the default), or a circuit's sketches; said when a press misses their pins. */
  subject?: BenchSubject;
  /** Once the run stopped: what must end after it (a recording's file closed, the crash watch). */
  finish?: () => Promise<void>;
  /** The sketch's crash in work the test did not await, which the bench's calls reject with. */
  crash: BenchCrash;
  /** Told, as stop() begins, what the test gave the sketch that it never read (inputsNeverRead), if anything. */
  neverRead?: (never: string[]) => void;
  /** Told, as stop() begins, the level checks of pins the sketch never set up (unsetPinsChecked), if any. */
  unsetChecked?: (checks: string[]) => void;
}

export class TestBench {
  /** Every pin change the boards saw, with the run's times. */
  readonly history: PinHistory;
  /** Every event the run reported (the same as --json's). */
  readonly events: NodeEvent[];
  /** What the bench runs: one sketch, or a circuit (whose clocks `done` waits for). */
  get subject(): BenchSubject {
    return this.parts.subject ?? 'sketch';
  }
  private readonly clients = new Map<string, FrameClient>();
  /** The pins whose level the test read (level, waitPin): one the sketch never set up is said at the stop. */
  private readonly levelsChecked = new Set<number>();
  /** The buttons held down, by pin, and how each is wired: what letting go leaves on the pin. */
  private readonly held = new Map<number, ButtonWiring>();
  /** The pins whose press was warned about (a ground press without a pull-up): once each. */
  private readonly advised = new Set<number>();
  /** The analog inputs given a reading (setAnalog), to say at the end which the sketch never read. */
  private readonly analogSet = new Set<number>();
  private stopping: Promise<void> | undefined;

  constructor(private readonly parts: BenchParts) {
    this.history = parts.history;
    this.events = parts.events;
  }

  /** The run's time now, in ms (virtual on the mock board, from 0). */
  now(): number {
    return this.parts.time.now();
  }

  /** The board (the first, for a circuit with several). */
  get board(): Board {
    const board = this.parts.run && this.parts.boards()[0];
    if (!board) throw new Error('the run has no board');
    return board;
  }

  /** The run's work: a circuit's clocks' counts once they are done. */
  get done(): Promise<unknown> {
    return this.parts.run.done;
  }

  /** Sends `message` on `channel` to a node (the first served one by default) and resolves with its reply. */
  async send(channel: string, message: string, options: { node?: string; timeout?: Duration } = {}): Promise<string> {
    checkBenchOptions('send', options, ['node', 'timeout']);
    const client = this.client(options.node);
    const limit = durationMs(options.timeout ?? REPLY_TIMEOUT_MS);
    this.parts.time.notice();
    const from = this.now();
    try {
      return await this.guarded(() => this.runUntil(client.send(channel, message), limit));
    } catch (error) {
      if (error instanceof Error && error.name === 'VirtualTimeout') {
        throw BenchTimeout.waited(`no reply to "${message}" on ${channel} within ${durationText(limit)}`, from, this.now());
      }
      throw error;
    }
  }

  /** Lets `duration` of the run's time pass (Wokwi's `delay`). */
  delay(duration: Duration): Promise<void> {
    const ms = durationMs(duration);
    return this.guarded(() => this.advance(ms));
  }

  /** Lets time pass until `promise` settles (at most `timeout`): a circuit's `done`, a sketch's own promise. */
  async until<T>(promise: Promise<T>, timeout?: Duration): Promise<T> {
    const limit = timeout === undefined ? undefined : durationMs(timeout);
    const from = this.now();
    try {
      return await this.guarded(() => this.runUntil(promise, limit));
    } catch (error) {
      if (error instanceof Error && error.name === 'VirtualTimeout') throw BenchTimeout.waited(`still waiting after ${durationText(limit ?? 0)}`, from, this.now());
      throw error;
    }
  }

  /** The level a digital output was last driven to (0 if never). */
  level(pin: PinName): 0 | 1 {
    const number = pinNumber(pin);
    this.levelsChecked.add(number);
    return this.history.level(number);
  }

  /** The duty (0–255) a PWM output was last driven at (0 if never): a dimmer's LED. */
  duty(pin: PinName): number {
    return this.history.duty(pinNumber(pin));
  }

  /** A servo's angle, undefined if none is attached. */
  angle(pin: PinName): number | undefined {
    return this.history.angle(pinNumber(pin));
  }

  /** The tones a PWM pin sounded, with their frequencies. */
  tones(pin: PinName): Tone[] {
    return this.history.tones(pinNumber(pin));
  }

  /**
   * Waits until a digital output is at `value` (at once if it is already), at most `timeout` of the
   * run's time (default 5 s): the change that did it, or the last one. Rejects with a
   * PinWaitTimeout saying the run's time it waited from and to, and the level the pin stayed at.
   * A pin the sketch drives as PWM has a duty, not a level: waiting on it is refused (waitPwm).
   */
  async waitPin(pin: PinName, value: 0 | 1, options: { timeout?: Duration } = {}): Promise<PinChange | undefined> {
    checkBenchOptions('waitPin', options, ['timeout']);
    const number = pinNumber(pin);
    refusePwmPin(this.board, number, this.duty(number), `waitPwm(${number}, duty)`);
    this.levelsChecked.add(number);
    return this.waitFor('digital', number, value, durationMs(options.timeout ?? 5_000));
  }

  /**
   * Waits until a PWM output is at `duty` (0–255; at once if it is already), at most `timeout` of the
   * run's time (default 5 s), as waitPin() waits for a level: a dimmer's LED.
   */
  async waitPwm(pin: PinName, duty: number, options: { timeout?: Duration } = {}): Promise<PinChange | undefined> {
    checkBenchOptions('waitPwm', options, ['timeout']);
    if (!Number.isInteger(duty) || duty < 0 || duty > 255) throw new RangeError(`a PWM duty is 0–255, got ${duty}`);
    return this.waitFor('pwm', pinNumber(pin), duty, durationMs(options.timeout ?? 5_000));
  }

  private async waitFor(kind: 'digital' | 'pwm', pin: number, value: number, limit: number): Promise<PinChange | undefined> {
    const now = () => (kind === 'pwm' ? this.duty(pin) : this.level(pin));
    if (now() === value) return this.history.of(pin, kind).at(-1);
    const from = this.now();
    let listener!: (change: PinChange) => void;
    const reached = new Promise<PinChange>((resolve) => {
      listener = (change) => change.pin === pin && change.kind === kind && change.value === value && resolve(change);
      this.history.on('change', listener);
    });
    try {
      return await this.guarded(() => this.runUntil(reached, limit));
    } catch (error) {
      if (error instanceof Error && error.name === 'VirtualTimeout') {
        const since = this.history.of(pin, kind).at(-1)?.at;
        throw new PinWaitTimeout({ pin, value, ...(kind === 'pwm' && { kind }), within: limit, from, at: this.now(), stayed: now(), since });
      }
      throw error;
    } finally {
      this.history.off('change', listener);
    }
  }

  /**
   * Presses the push button on `pin`; with `for`, holds it that long and lets go. `wiredTo` says
   * how the button is wired, as a Button's option does: 'ground' (the default: pin → button → GND,
   * the pin reads LOW while pressed) or '5v' (pin → button → 5 V with a pull-down resistor: HIGH
   * while pressed, LOW once let go). The pin must be one the sketch reads (a Button started, a
   * digitalRead): a press on a pin it drives or reads as analog throws a UserError at once, naming
   * the pins the sketch set up; one on a pin it has not set up is allowed (loop() may read it after
   * the press), and release() fails if the sketch has not read it by then (src/testing/pressable-pin.ts).
   * A 5v press on a pin whose pull-up is on throws too; a ground press on a pin read without its
   * pull-up warns (PINMESH_PRESS_WITHOUT_PULLUP), once a pin: a real circuit may have its own resistor.
   */
  async press(pin: PinName, options: { for?: Duration; wiredTo?: ButtonWiring } = {}): Promise<void> {
    checkBenchOptions('press', options, ['for', 'wiredTo']);
    const number = pinNumber(pin);
    const wiredTo = buttonWiring(options.wiredTo ?? 'ground');
    const advice = checkPressable(this.board, number, this.parts.subject ?? 'sketch', wiredTo);
    if (advice !== undefined && !this.advised.has(number)) {
      this.advised.add(number);
      process.emitWarning(advice, { code: 'PINMESH_PRESS_WITHOUT_PULLUP' });
    }
    this.drive(number, wiredTo === '5v' ? 1 : 0);
    this.held.set(number, wiredTo);
    await this.guarded(() => this.advance(0));
    if (options.for !== undefined) {
      await this.delay(options.for);
      await this.release(number);
    }
  }

  /**
   * Lets go of the button on `pin`: one wired to ground leaves the pin to its pull-up (HIGH), one
   * wired to 5 V to its pull-down resistor (LOW). Fails, once let go, if the sketch has not read the
   * pin by now.
   */
  async release(pin: PinName): Promise<void> {
    const number = pinNumber(pin);
    if (!this.held.has(number)) throw new UserError(`pin ${number} is not pressed: press(${number}) first (a press step), or press it with for to let go by itself`);
    this.drive(number, this.held.get(number) === '5v' ? 0 : 'open');
    this.held.delete(number);
    await this.guarded(() => this.advance(0));
    checkWasRead(this.board, number, this.parts.subject ?? 'sketch');
  }

  /**
   * What the test gave the sketch that it never read, by now: a button still held on a pin it never
   * set up as an input, a reading set on an analog input it never read (each allowed at the time, as
   * the sketch might read it later). Empty when there is none: a scenario fails at its end otherwise.
   */
  inputsNeverRead(): string[] {
    const subject = this.parts.subject ?? 'sketch';
    const never: string[] = [];
    for (const pin of this.held.keys()) {
      try {
        checkWasRead(this.board, pin, subject);
      } catch (error) {
        never.push(errorMessage(error));
      }
    }
    const setups = hasPinSetups(this.board) ? this.board.pinSetups() : undefined;
    for (const pin of this.analogSet) {
      if (setups && setups.get(pin) !== 'ANALOG') never.push(`pin ${pin} was given an analog reading, yet ${whose(subject)} never read it as analog`);
    }
    return never;
  }

  /**
   * The pins whose level the test checked (level(), waitPin()) that the sketch never set up or wrote,
   * by now: each check read 0 and tested nothing, the wrong pin most often (src/testing/unset-pin-checks.ts).
   * Empty when there is none: a scenario then passes with a warning, a test's bench warns as it stops.
   */
  unsetPinsChecked(): string[] {
    return unsetPinChecks(this.board, this.levelsChecked, whose(this.subject));
  }

  /**
   * Sets an analog input (A0–A5, 14–19) to a reading 0–1023; resolves once the sketch could see it.
   * A mistake throws at once, before anything is set, awaited or not: a reading out of range, a pin
   * that is no analog input (0–5: write 'A0' or 14), or an analog input the sketch does not read
   * while it reads others (src/testing/analog-pin.ts).
   */
  setAnalog(pin: PinName, value: number): Promise<void> {
    if (!Number.isInteger(value) || value < 0 || value > 1023) throw new RangeError(`an analog reading is 0–1023, got ${value}`);
    const number = pinNumber(pin);
    checkAnalogInput(this.board, number, this.parts.subject ?? 'sketch');
    this.analogSet.add(number);
    const uno = simulatedUnoOf(this.board);
    const mock = this.board as Partial<{ setInput(pin: number, value: number): void }>;
    if (uno) uno.setAnalogInput(number, value);
    else if (typeof mock.setInput === 'function') mock.setInput(number, value);
    else throw new Error(`setting an analog input is not offered on the ${this.board.kind} board`);
    return this.guarded(() => this.advance(0));
  }

  /** Whether stop() was called. */
  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Stops the run: clocks end, nodes close, the board's outputs go LOW; the history keeps what it
   * saw. Calling it again gives the first call's promise. Rejects, once stopped, with the sketch's
   * crash in work the test did not await if no call of the bench rejected with it.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopRun();
    return this.stopping;
  }

  private async stopRun(): Promise<void> {
    const never = this.parts.neverRead ? this.inputsNeverRead() : [];
    if (never.length > 0) this.parts.neverRead?.(never);
    const unset = this.parts.unsetChecked ? this.unsetPinsChecked() : [];
    if (unset.length > 0) this.parts.unsetChecked?.(unset);
    // The test's connections close as a client that is done does (1000), before the nodes close.
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((client) => client.close()));
    try {
      await this.parts.time.runUntil(this.parts.run.stop());
    } finally {
      this.history.close();
      await this.parts.finish?.();
    }
    const crash = this.parts.crash.unreported();
    if (crash) throw crash;
  }

  /** A call of the test's that lets time run: the sketch's crash meanwhile (or before) is its error. */
  private guarded<T>(work: () => Promise<T>): Promise<T> {
    return this.parts.crash.guard(work);
  }

  /** The run's time moves on until `promise` settles or the sketch crashes. */
  private runUntil<T>(promise: Promise<T>, limit?: number): Promise<T> {
    return this.parts.time.runUntil(this.parts.crash.during(promise), limit);
  }

  private advance(ms: number): Promise<void> {
    return this.parts.time.advance(ms, this.parts.crash.signal);
  }

  private client(node: string | undefined): FrameClient {
    const name = node ?? [...this.parts.nodes.keys()][0];
    const started = name === undefined ? undefined : this.parts.nodes.get(name);
    if (!started) throw new Error(node ? `no node "${node}" in this run: ${[...this.parts.nodes.keys()].join(', ')}` : 'this run serves no node to send to');
    let client = this.clients.get(started.url);
    if (!client) this.clients.set(started.url, (client = new FrameClient(started.url)));
    return client;
  }

  private drive(pin: number, level: DrivenLevel): void {
    const board = this.board;
    const sim = simButtonPress(board);
    if (sim) return sim.drive(pin, level);
    const mock = board as Partial<{ setInput(pin: number, value: number | 'open'): void }>;
    if (typeof mock.setInput !== 'function') throw new Error(`pressing a button is not offered on the ${board.kind} board`);
    mock.setInput(pin, level);
    this.parts.time.notice();
  }
}
