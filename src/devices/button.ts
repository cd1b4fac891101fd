import { EventEmitter } from 'node:events';
import type { BoardObservable, InputObservation, ObservationSource } from '../boards/board.js';
import type { DigitalReader } from '../boards/capabilities.js';
import type { PinmeshEvent } from '../report/event-types.js';
import { wallClock, type Clock, type ClockTimer } from '../time/clock.js';
import { buttonEvents } from './button-events.js';
import type { DeviceClaim, ReportingDevice, StoppableDevice } from './device.js';

/** How long a button's contact may bounce after a change, by default (ms). */
export const BUTTON_DEBOUNCE_MS = 25;

/** Where a push button's other leg can go (ButtonWiring), for what checks one given from outside. */
export const BUTTON_WIRINGS = ['ground', '5v'] as const;

/**
 * Where a push button's other leg goes. 'ground': pin → button → GND, with the MCU's pull-up on
 * (pressed reads LOW). '5v': pin → button → 5 V, with a pull-down resistor from the pin to GND
 * (pressed reads HIGH), as in the Arduino IDE's Button example.
 */
export type ButtonWiring = (typeof BUTTON_WIRINGS)[number];

/** `value` as a ButtonWiring; a RangeError, naming both, for anything else (a JavaScript sketch's '5V'). */
export function buttonWiring(value: unknown): ButtonWiring {
  if ((BUTTON_WIRINGS as readonly unknown[]).includes(value)) return value as ButtonWiring;
  throw new RangeError(`a button is wired to 'ground' or '5v', got ${JSON.stringify(value)}`);
}

export interface ButtonOptions {
  /** Changes within this many ms after an accepted press or release are contact bounce. Default 25. */
  debounceMs?: number;
  /** How the button is wired (ButtonWiring). Default 'ground'. */
  wiredTo?: ButtonWiring;
}

/** A press or a release. `at`: when the input showed it (the observation's time). */
export interface ButtonChange {
  pin: number;
  pressed: boolean;
  at: number;
  source: ObservationSource;
}

export interface ButtonEvents {
  press: [change: ButtonChange];
  release: [change: ButtonChange];
}

/**
 * A push button on a digital input, debounced: `press` and `release` events once `start()`ed.
 *
 * Debouncing goes by the input observations' own times: a change is accepted at once (a press
 * is heard at its first edge) unless it comes within `debounceMs` of the last accepted change;
 * such changes are bounce, and if the contact has settled the other way when that time is up,
 * that is accepted then (a tap shorter than the debounce time is still a press and a release).
 */
export class Button extends EventEmitter<ButtonEvents> implements ReportingDevice, StoppableDevice {
  static readonly claim: DeviceClaim = { use: 'button', mode: 'digital-in' };
  static readonly optionNames: readonly string[] = ['debounceMs', 'wiredTo'];
  static readonly events = buttonEvents;
  readonly debounceMs: number;
  private readonly wiredTo: ButtonWiring;
  private pressed = false;
  /** When the last accepted change happened (its observation's `at`). */
  private changedAt = Number.NEGATIVE_INFINITY;
  /** The contact as the input last showed it, and when. */
  private raw = { pressed: false, at: 0, source: 'host' as ObservationSource };
  /** The clock the board's observations are timed by (a run's, virtual under pinmesh/testing): the debounce waits on it. */
  private readonly clock: Clock;
  private settleTimer: ClockTimer | undefined;
  private listening = false;
  /** True once start()'s read answered: from then on, reports are changes. */
  private reading = false;
  private readonly onInput = (observation: InputObservation) => this.observe(observation);

  constructor(
    private readonly board: DigitalReader & BoardObservable & { readonly clock?: Clock },
    readonly pin: number,
    options: ButtonOptions = {},
  ) {
    super();
    const debounceMs = options.debounceMs ?? BUTTON_DEBOUNCE_MS;
    if (!(Number.isFinite(debounceMs) && debounceMs >= 0)) throw new RangeError(`a button's debounce time is 0 ms or more, got ${debounceMs}`);
    this.debounceMs = debounceMs;
    this.wiredTo = buttonWiring(options.wiredTo ?? 'ground');
    this.clock = typeof board.clock?.setTimer === 'function' ? board.clock : wallClock;
  }

  /** Whether it is pressed, debounced. */
  get isPressed(): boolean {
    return this.pressed;
  }

  /**
   * Makes the pin an input (with the pull-up, wired to ground) and starts reporting presses and
   * releases; resolves with whether it is pressed now (a button held at start makes no `press`).
   */
  async start(): Promise<boolean> {
    if (!this.listening) this.board.on('input', this.onInput);
    this.listening = true;
    const level = await this.board.digitalRead(this.pin, { pullUp: this.wiredTo === 'ground' });
    this.pressed = this.isPressedLevel(level);
    this.raw = { ...this.raw, pressed: this.pressed };
    this.reading = true;
    return this.pressed;
  }

  /** Stops listening (the pin stays an input). */
  stop(): void {
    this.reading = false;
    this.listening = false;
    this.board.off('input', this.onInput);
    this.settleTimer?.cancel();
    this.settleTimer = undefined;
  }

  /** Reports each press and release as a `button` event (its input's levels stay the node's `input` events). */
  reportTo(report: (event: PinmeshEvent) => void): () => void {
    const listener = (change: ButtonChange) => report({ event: 'button', ...change });
    this.on('press', listener);
    this.on('release', listener);
    return () => {
      this.off('press', listener);
      this.off('release', listener);
    };
  }

  private isPressedLevel(level: number): boolean {
    return this.wiredTo === 'ground' ? level === 0 : level === 1;
  }

  private observe(observation: InputObservation): void {
    // Until start()'s read answered, reports are that same first reading.
    if (!this.reading || observation.pin !== this.pin || observation.mode !== 'digital') return;
    this.raw = { pressed: this.isPressedLevel(observation.value), at: observation.at, source: observation.source };
    this.settleTimer?.cancel();
    this.settleTimer = undefined;
    if (this.raw.pressed === this.pressed) return;
    const wait = this.changedAt + this.debounceMs - this.raw.at;
    if (wait <= 0) return this.accept();
    this.settleTimer = this.clock.setTimer(() => {
      this.settleTimer = undefined;
      if (this.raw.pressed !== this.pressed) this.accept();
    }, wait);
  }

  private accept(): void {
    const { pressed, at, source } = this.raw;
    this.pressed = pressed;
    this.changedAt = at;
    this.emit(pressed ? 'press' : 'release', { pin: this.pin, pressed, at, source });
  }
}
