/**
 * Where a recording hears a board's pins, and on which clock: the simulated Uno's MCU itself
 * (every raw edge its ports show, a timer's PWM included, what its inputs read, and the readings
 * put on its analog inputs, in simulated time: its cycle count / 16 MHz), or any other board's
 * observations (what the host wrote and the inputs it reported, analog readings included), on this
 * process's monotonic clock when they arrive.
 */
import { performance } from 'node:perf_hooks';
import type { BoardConnection, InputObservation, PinObservation, PwmObservation } from '../boards/board.js';
import type { SimulatedUno } from '../boards/sim/simulated-uno.js';

/** A pin's level changed at `atMs` (the source's clock). */
export type LevelListener = (pin: number, value: 0 | 1, atMs: number) => void;
/** An analog input's reading (0–1023) changed at `atMs`. */
export type ReadingListener = (pin: number, reading: number, atMs: number) => void;

export interface PinSource {
  /** `mcu`: simulated time of the MCU; `host`: this process's monotonic clock. */
  readonly clock: 'mcu' | 'host';
  /** The source's clock now, in ms. */
  now(): number;
  /** What the pin shows now (0 where the source cannot tell). */
  level(pin: number): 0 | 1;
  /** Hears every level change; returns the unsubscribe. */
  listen(listener: LevelListener): () => void;
  /** An analog input's reading now (0 where the source cannot tell). */
  reading?(pin: number): number;
  /** Hears every new reading of an analog input; returns the unsubscribe. */
  listenReadings?(listener: ReadingListener): () => void;
}

/** The simulated MCU's own pins and time. */
export function mcuPins(uno: SimulatedUno): PinSource {
  const inputs = new Map<number, 0 | 1>();
  return {
    clock: 'mcu',
    now: () => uno.simulatedMs,
    level: (pin) => (uno.pinLevel(pin) === 1 ? 1 : (inputs.get(pin) ?? 0)),
    listen(listener) {
      const onLevel = (pin: number, value: 0 | 1, at: number) => listener(pin, value, at);
      const onInput = (pin: number, value: 0 | 1, at: number) => {
        inputs.set(pin, value);
        listener(pin, value, at);
      };
      uno.on('level', onLevel);
      uno.on('input', onInput);
      return () => {
        uno.off('level', onLevel);
        uno.off('input', onInput);
      };
    },
    // The voltage put on an analog input from outside the chip, as the reading the ADC makes of it.
    reading: (pin) => uno.analogInput(pin) ?? 0,
    listenReadings(listener) {
      uno.on('analog', listener);
      return () => void uno.off('analog', listener);
    },
  };
}

/**
 * A board's observations (the mock, a real Uno, a board node's): a digital write or input, and a
 * PWM output as HIGH while its duty is above 0 (pinmesh sees the duty, not the pulses; the JSONL
 * recording keeps duty and frequency). Stamped when they arrive, on `now` (a test's virtual clock) or
 * this process's monotonic clock.
 */
export function observedPins(board: BoardConnection, now: () => number = () => performance.now()): PinSource {
  const levels = new Map<number, 0 | 1>();
  const readings = new Map<number, number>();
  return {
    clock: 'host',
    now,
    level: (pin) => levels.get(pin) ?? 0,
    listen(listener) {
      const set = (pin: number, value: 0 | 1) => {
        levels.set(pin, value);
        listener(pin, value, now());
      };
      const onPin = (o: PinObservation) => set(o.pin, o.value);
      const onPwm = (o: PwmObservation) => set(o.pin, o.duty > 0 ? 1 : 0);
      const onInput = (o: InputObservation) => o.mode === 'digital' && set(o.pin, o.value === 0 ? 0 : 1);
      board.on('pin', onPin);
      board.on('pwm', onPwm);
      board.on('input', onInput);
      return () => {
        board.off('pin', onPin);
        board.off('pwm', onPwm);
        board.off('input', onInput);
      };
    },
    // The readings the board reported, every sampling interval.
    reading: (pin) => readings.get(pin) ?? 0,
    listenReadings(listener) {
      const onInput = (o: InputObservation) => {
        if (o.mode !== 'analog') return;
        readings.set(o.pin, o.value);
        listener(o.pin, o.value, now());
      };
      board.on('input', onInput);
      return () => void board.off('input', onInput);
    },
  };
}
