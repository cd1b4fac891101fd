import type { BoardObservable, PwmObservation } from '../boards/board.js';
import type { PwmWriter } from '../boards/capabilities.js';
import type { PinmeshEvent } from '../report/event-types.js';
import type { DeviceClaim, ObservationKind, ReportingDevice } from './device.js';
import { buzzOf, piezoEvents } from './piezo-events.js';

/**
 * 50 % duty on an 8-bit PWM pin: a passive piezo sounds at the PWM frequency (~490 Hz on an Uno's
 * pin 3, from Timer2). One 3-byte Firmata command per on/off, where johnny-five's Piezo toggles
 * the pin from the host (rough, and half the serial link at 440 Hz).
 */
export const PIEZO_DUTY = 128;

/**
 * A passive piezo switched on (sounding) and off (silent). Resolves once the command reached the
 * board. It reports what the board observes on its pin as `buzz` events (sounding, with its pitch
 * where measured, or silent), instead of the node's plain `pwm`.
 */
export class Piezo implements ReportingDevice {
  static readonly claim: DeviceClaim = { use: 'piezo', mode: 'pwm' };
  static readonly optionNames: readonly string[] = [];
  static readonly events = piezoEvents;
  readonly observes: readonly ObservationKind[] = ['pwm'];
  private sounding = false;

  constructor(
    private readonly board: PwmWriter & BoardObservable,
    readonly pin: number,
  ) {}

  get isSounding(): boolean {
    return this.sounding;
  }

  async on(): Promise<void> {
    await this.board.pwmWrite(this.pin, PIEZO_DUTY);
    this.sounding = true;
  }

  async off(): Promise<void> {
    await this.board.pwmWrite(this.pin, 0);
    this.sounding = false;
  }

  reportTo(report: (event: PinmeshEvent) => void): () => void {
    const listener = (observation: PwmObservation) => {
      if (observation.pin === this.pin) report(buzzOf(observation));
    };
    this.board.on('pwm', listener);
    return () => this.board.off('pwm', listener);
  }
}
