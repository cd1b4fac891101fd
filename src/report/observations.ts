import type { Board, PinObservation, ToneObservation } from '../boards/board.js';
import type { Reporter } from './events.js';

/** `pin 13 → HIGH (observed on the MCU)`, as a `pin` event. */
export function reportPin(reporter: Reporter, node: string, observation: PinObservation): void {
  reporter.report(node, { event: 'pin', ...observation });
}

/** `piezo on pin 3 sounding at 490 Hz (observed on the MCU)`, as a `buzz` event. */
export function reportTone(reporter: Reporter, node: string, observation: ToneObservation): void {
  reporter.report(node, { event: 'buzz', ...observation });
}

/**
 * Reports what the board observes on some pins as one node's events; returns the unsubscribe.
 * `owns` decides which pins are this node's (all of them when omitted).
 */
export function reportObservations(board: Board, reporter: Reporter, node: string, owns: (pin: number) => boolean = () => true): () => void {
  const onPin = (observation: PinObservation) => owns(observation.pin) && reportPin(reporter, node, observation);
  const onTone = (observation: ToneObservation) => owns(observation.pin) && reportTone(reporter, node, observation);
  board.on('pin', onPin);
  board.on('tone', onTone);
  return () => {
    board.off('pin', onPin);
    board.off('tone', onTone);
  };
}
