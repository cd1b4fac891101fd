import type { DigitalWriter } from '../boards/capabilities.js';
import type { DeviceClaim } from './device.js';

/** A digital output (an LED). write() resolves only once the level reached the board. */
export interface DigitalOutput {
  readonly pin: number;
  write(value: 0 | 1): Promise<void>;
}

/** An LED on a digital pin (or anything switched by one): on, off, toggle. */
export class Led implements DigitalOutput {
  static readonly claim: DeviceClaim = { use: 'led', mode: 'digital-out' };
  static readonly optionNames: readonly string[] = [];
  private level: 0 | 1 = 0;

  constructor(
    private readonly board: DigitalWriter,
    readonly pin: number,
  ) {}

  /** The level last written and confirmed. */
  get isOn(): boolean {
    return this.level === 1;
  }

  async write(value: 0 | 1): Promise<void> {
    await this.board.digitalWrite(this.pin, value);
    this.level = value;
  }

  on(): Promise<void> {
    return this.write(1);
  }

  off(): Promise<void> {
    return this.write(0);
  }

  toggle(): Promise<void> {
    return this.write(this.level === 1 ? 0 : 1);
  }
}
