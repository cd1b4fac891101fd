import type { ServoWriter } from '../boards/capabilities.js';
import type { DeviceClaim } from './device.js';

export interface ServoOptions {
  /** The travel this servo may use, in degrees (e.g. a linkage that binds near the ends). Default [0, 180]. */
  range?: readonly [min: number, max: number];
  /** Mounted the other way round: an angle a is sent as 180 − a. Default false. */
  invert?: boolean;
}

/**
 * A hobby servo on its signal pin: moved to an angle, kept within its range. Every move resolves
 * once the board confirmed it (on the simulated Uno: once the MCU's pulses command the angle).
 * Closing the board detaches it: the pulses stop and it holds no position.
 */
export class Servo {
  static readonly claim: DeviceClaim = { use: 'servo', mode: 'servo' };
  static readonly optionNames: readonly string[] = ['range', 'invert'];
  readonly range: readonly [min: number, max: number];
  private readonly invert: boolean;
  private angle: number | undefined;

  constructor(
    private readonly board: ServoWriter,
    readonly pin: number,
    options: ServoOptions = {},
  ) {
    const [min, max] = options.range ?? [0, 180];
    if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max <= 180 && min < max)) {
      throw new RangeError(`a servo's range is two whole angles within 0–180, the first below the second; got [${min}, ${max}]`);
    }
    this.range = [min, max];
    this.invert = options.invert ?? false;
  }

  /** The angle last moved to and confirmed; undefined before the first move. */
  get position(): number | undefined {
    return this.angle;
  }

  /** Moves to `degrees`, rounded to a whole degree and kept within the range; resolves with the angle moved to. */
  async to(degrees: number): Promise<number> {
    if (!Number.isFinite(degrees)) throw new RangeError(`a servo angle must be a number of degrees, got ${degrees}`);
    const [min, max] = this.range;
    const angle = Math.min(max, Math.max(min, Math.round(degrees)));
    await this.board.servoWrite(this.pin, this.invert ? 180 - angle : angle);
    this.angle = angle;
    return angle;
  }

  /** Moves to the low end of the range. */
  min(): Promise<number> {
    return this.to(this.range[0]);
  }

  /** Moves to the high end of the range. */
  max(): Promise<number> {
    return this.to(this.range[1]);
  }

  /** Moves to the middle of the range. */
  center(): Promise<number> {
    return this.to((this.range[0] + this.range[1]) / 2);
  }

  /** Moves by `degrees` from where it is (from the middle, before the first move). */
  step(degrees: number): Promise<number> {
    return this.to((this.angle ?? (this.range[0] + this.range[1]) / 2) + degrees);
  }
}
