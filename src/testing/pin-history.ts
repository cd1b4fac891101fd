/**
 * What the board saw, in order and with times: every pin change a test asserts on, and the one
 * stream a recording is made of. Each change is a board observation (src/boards/board.ts) made
 * flat: a digital output's level, a PWM's duty and frequency (a tone), a servo's angle, an input's
 * value. `at` is the run's own time: the virtual clock's on the mock board (from 0), the MCU's
 * on the simulated Uno. Subscribe with on('change') to hear each one as it happens.
 */
import { EventEmitter } from 'node:events';
import type { BoardObservable, ObservationSource } from '../boards/board.js';

export type PinChangeKind = 'digital' | 'pwm' | 'servo' | 'input';

export interface PinChange {
  /** Milliseconds on the run's clock: virtual on the mock board, the MCU's on the simulated Uno. */
  at: number;
  pin: number;
  kind: PinChangeKind;
  /** A digital level (0/1), a PWM duty (0–255), a servo's angle (undefined: detached), an input's value. */
  value: number | undefined;
  /** A PWM's frequency in Hz while it drives the pin (a tone). */
  frequency?: number;
  /** An input's mode. */
  mode?: 'digital' | 'analog';
  /** What the host wrote, or what the MCU's own pin did. */
  source: ObservationSource;
}

export interface PinHistoryEvents {
  change: [change: PinChange];
}

/** A tone a PWM pin sounded: from `at`, at `frequency` Hz, until `until` (undefined: still sounding). */
export interface Tone {
  pin: number;
  at: number;
  until: number | undefined;
  frequency: number | undefined;
  duty: number;
}

export class PinHistory extends EventEmitter<PinHistoryEvents> {
  // Bound by the test's length: a test's run is short, and every change is what it asserts on.
  readonly changes: PinChange[] = [];
  private readonly unwatch: Array<() => void> = [];

  /**
   * Records every observation of `board` from now on; returns a function that stops. A board that
   * does not measure PWM frequencies (the mock) may be given `frequencyOf`: what its pins would sound at.
   */
  watch(board: BoardObservable, frequencyOf?: (pin: number) => number | undefined): () => void {
    const add = (change: PinChange) => {
      this.changes.push(change);
      this.emit('change', change);
    };
    const listeners = {
      pin: (o: { pin: number; value: 0 | 1; at: number; source: ObservationSource }) => add({ at: o.at, pin: o.pin, kind: 'digital', value: o.value, source: o.source }),
      pwm: (o: { pin: number; duty: number; frequency?: number; at: number; source: ObservationSource }) =>
      {
        const frequency = o.frequency ?? (o.duty > 0 && o.duty < 255 ? frequencyOf?.(o.pin) : undefined);
        add({ at: o.at, pin: o.pin, kind: 'pwm', value: o.duty, ...(frequency !== undefined && { frequency }), source: o.source });
      },
      servo: (o: { pin: number; degrees?: number; at: number; source: ObservationSource }) => add({ at: o.at, pin: o.pin, kind: 'servo', value: o.degrees, source: o.source }),
      input: (o: { pin: number; mode: 'digital' | 'analog'; value: number; at: number; source: ObservationSource }) =>
        add({ at: o.at, pin: o.pin, kind: 'input', value: o.value, mode: o.mode, source: o.source }),
    };
    board.on('pin', listeners.pin).on('pwm', listeners.pwm).on('servo', listeners.servo).on('input', listeners.input);
    const stop = () => void board.off('pin', listeners.pin).off('pwm', listeners.pwm).off('servo', listeners.servo).off('input', listeners.input);
    this.unwatch.push(stop);
    return stop;
  }

  /** Stops recording every board watched. */
  close(): void {
    for (const stop of this.unwatch.splice(0)) stop();
  }

  /** The changes of one pin, optionally of one kind. */
  of(pin: number, kind?: PinChangeKind): PinChange[] {
    return this.changes.filter((change) => change.pin === pin && (kind === undefined || change.kind === kind));
  }

  /** The level a digital output was last driven to (0 if never). */
  level(pin: number): 0 | 1 {
    const last = this.of(pin, 'digital').at(-1);
    return last?.value === 1 ? 1 : 0;
  }

  /** The PWM duty (0–255) `pin` was last driven at (0 if never). */
  duty(pin: number): number {
    return this.of(pin, 'pwm').at(-1)?.value ?? 0;
  }

  /** The servo's angle last commanded on `pin`, undefined if none (never written, or detached). */
  angle(pin: number): number | undefined {
    return this.of(pin, 'servo').at(-1)?.value;
  }

  /** The tones a PWM pin sounded, in order (a duty above 0 until the next change). */
  tones(pin: number): Tone[] {
    const tones: Tone[] = [];
    for (const change of this.of(pin, 'pwm')) {
      const open = tones.at(-1);
      if (open && open.until === undefined) open.until = change.at;
      if ((change.value ?? 0) > 0) tones.push({ pin, at: change.at, until: undefined, frequency: change.frequency, duty: change.value ?? 0 });
    }
    return tones;
  }
}
