import type { BoardConnection, InputObservation, PinObservation, PwmObservation, ServoObservation } from '../boards/board.js';
import { claimsOf } from '../boards/pin-claims.js';
import type { ObservationKind } from '../devices/device.js';
import { buzzOf } from '../devices/piezo-events.js';
import type { Reporter } from '../report/events.js';

/** `pin 13 → HIGH (observed on the MCU)`, as a `pin` event. */
export function reportPin(reporter: Reporter, node: string, observation: PinObservation): void {
  reporter.report(node, { event: 'pin', ...observation });
}

/** `pin 5 PWM at 50 % (490 Hz)`, as a `pwm` event. */
export function reportPwm(reporter: Reporter, node: string, observation: PwmObservation): void {
  reporter.report(node, { event: 'pwm', ...observation });
}

/** `pin 2 input → LOW` or `pin 14 analog input 512`, as an `input` event. */
export function reportInput(reporter: Reporter, node: string, observation: InputObservation & { unchanged?: true }): void {
  reporter.report(node, { event: 'input', ...observation });
}

/** `servo on pin 9 → 90° (1472 µs pulses)`, or detached, as a `servo` event. */
export function reportServo(reporter: Reporter, node: string, observation: ServoObservation): void {
  reporter.report(node, { event: 'servo', ...observation });
}

/**
 * Reports what the board observes as one node's plain `pin`, `pwm`, `input` and `servo` events;
 * returns the unsubscribe. `reports(pin, kind)` says which are this node's to report: those on
 * its pins, but not those a device on the pin reports itself (a piezo's PWM is its `buzz`).
 */
export function reportNodeObservations(board: BoardConnection, reporter: Reporter, node: string, reports: (pin: number, kind: ObservationKind) => boolean): () => void {
  const onPin = (observation: PinObservation) => reports(observation.pin, 'pin') && reportPin(reporter, node, observation);
  const onPwm = (observation: PwmObservation) => reports(observation.pin, 'pwm') && reportPwm(reporter, node, observation);
  const analogReadings = new Map<number, number>();
  const onInput = (observation: InputObservation) => {
    if (!reports(observation.pin, 'input')) return;
    const before = observation.mode === 'analog' ? analogReadings.get(observation.pin) : undefined;
    if (observation.mode === 'analog') analogReadings.set(observation.pin, observation.value);
    reportInput(reporter, node, before === observation.value ? { ...observation, unchanged: true } : observation);
  };
  const onServo = (observation: ServoObservation) => reports(observation.pin, 'servo') && reportServo(reporter, node, observation);
  board.on('pin', onPin);
  board.on('pwm', onPwm);
  board.on('input', onInput);
  board.on('servo', onServo);
  return () => {
    board.off('pin', onPin);
    board.off('pwm', onPwm);
    board.off('input', onInput);
    board.off('servo', onServo);
  };
}

/**
 * Reports everything the board observes, as the board's own events (node "board": `pinmesh board`,
 * and the fail-safe when a command ends); returns the unsubscribe. The board holds no devices (the
 * nodes do, maybe in other processes): it knows a pin by what it was claimed as, so the PWM on a
 * pin claimed for a piezo is said as the piezo says it (`buzz`), any other PWM as `pwm`. `only`
 * says which observations to report (default: all).
 */
export function reportObservations(board: BoardConnection, reporter: Reporter, node: string, only: (pin: number, kind: ObservationKind) => boolean = () => true): () => void {
  const claims = claimsOf(board);
  const stopPlain = reportNodeObservations(board, reporter, node, (pin, kind) => only(pin, kind) && (kind !== 'pwm' || claims.useOf(pin) !== 'piezo'));
  const onPiezo = (observation: PwmObservation) => {
    if (claims.useOf(observation.pin) === 'piezo' && only(observation.pin, 'pwm')) reporter.report(node, buzzOf(observation));
  };
  board.on('pwm', onPiezo);
  return () => {
    stopPlain();
    board.off('pwm', onPiezo);
  };
}
