import type { PwmWriter } from '../boards/capabilities.js';
import type { DeviceClaim } from './device.js';

/**
 * 50 % duty on an 8-bit PWM pin: a passive piezo sounds at the PWM frequency (~490 Hz on an Uno's
 * pin 3, from Timer2). One 3-byte Firmata command per on/off, where johnny-five's Piezo toggles
 * the pin from the host (rough, and half the serial link at 440 Hz).
 */
export const PIEZO_DUTY = 128;

/** A passive piezo switched on (sounding) and off (silent). Resolves once the command reached the board. */
export class Piezo {
  static readonly claim: DeviceClaim = { use: 'piezo', mode: 'pwm' };
  private sounding = false;

  constructor(
    private readonly board: PwmWriter,
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
}
