import type { BoardConnection, InputObservation, PinObservation, PwmObservation, ServoObservation } from '../boards/board.js';
import { claimsOf } from '../boards/pin-claims.js';
import type { Reporter } from './events.js';

/** `pin 13 → HIGH (observed on the MCU)`, as a `pin` event. */
export function reportPin(reporter: Reporter, node: string, observation: PinObservation): void {
  reporter.report(node, { event: 'pin', ...observation });
}

/** `piezo on pin 3 sounding at 490 Hz (observed on the MCU)`, as a `buzz` event: a piezo's PWM. */
export function reportBuzz(reporter: Reporter, node: string, observation: PwmObservation): void {
  const on = observation.duty > 0;
  reporter.report(node, { event: 'buzz', pin: observation.pin, on, ...(on && observation.frequency !== undefined ? { frequency: observation.frequency } : {}), at: observation.at, source: observation.source });
}

/** `pin 5 PWM at 50 % (490 Hz)`, as a `pwm` event: any other PWM output. */
export function reportPwm(reporter: Reporter, node: string, observation: PwmObservation): void {
  reporter.report(node, { event: 'pwm', ...observation });
}

/** `pin 2 input → LOW` or `pin 14 analog input 512`, as an `input` event. */
export function reportInput(reporter: Reporter, node: string, observation: InputObservation): void {
  reporter.report(node, { event: 'input', ...observation });
}

/** `servo on pin 9 → 90° (1472 µs pulses)`, or detached, as a `servo` event. */
export function reportServo(reporter: Reporter, node: string, observation: ServoObservation): void {
  reporter.report(node, { event: 'servo', ...observation });
}

/**
 * Reports what the board observes on some pins as one node's events; returns the unsubscribe.
 * `owns` decides which pins are this node's (all of them when omitted). PWM on a pin claimed
 * for a piezo is a `buzz` event (the article's piezo), any other PWM a `pwm` event.
 */
export function reportObservations(board: BoardConnection, reporter: Reporter, node: string, owns: (pin: number) => boolean = () => true): () => void {
  const claims = claimsOf(board);
  const onPin = (observation: PinObservation) => owns(observation.pin) && reportPin(reporter, node, observation);
  const onPwm = (observation: PwmObservation) => {
    if (!owns(observation.pin)) return;
    if (claims.useOf(observation.pin) === 'piezo') reportBuzz(reporter, node, observation);
    else reportPwm(reporter, node, observation);
  };
  const onInput = (observation: InputObservation) => owns(observation.pin) && reportInput(reporter, node, observation);
  const onServo = (observation: ServoObservation) => owns(observation.pin) && reportServo(reporter, node, observation);
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
