/**
 * What is wired to the simulated Uno's inputs, driven from outside the chip: a button pulling a
 * pin to GND or 5 V (or leaving it open, when the pin reads its pull-up), a potentiometer's
 * voltage on an analog input. The wiring outlives a reset: every power-on gets it again.
 *
 * A pin nothing drives is 'open': as on the chip, an input with its pull-up on (DDR bit 0, PORT
 * bit 1) reads HIGH, which avr8js alone does not do (it reads LOW until something sets the pin).
 * The pull-ups are followed from the firmware's own port writes, inside the CPU's turn, so the
 * very read that follows a pull-up being switched on sees HIGH.
 */
import { ATMEGA328P_UNO, portPins, type Mcu, type McuConfig, type PortName } from './mcu.js';

/** 1: to 5 V; 0: to GND; 'open': nothing drives it (the pull-up decides). */
export type DrivenLevel = 0 | 1 | 'open';

export class PinDrive {
  /** Bound (both): one per pin driven or read from outside the chip (20 on an Uno). */
  private readonly levels = new Map<number, DrivenLevel>();
  private readonly readings = new Map<number, number>();
  private mcu: Mcu | undefined;
  private detachers: (() => void)[] = [];

  /** Per port, the Arduino pin of each bit (-1: none). */
  private readonly pinsOf: ReadonlyMap<PortName, readonly number[]>;

  /** How many times the wiring was changed (set, setAnalog), even back to what it was. */
  changes = 0;

  /** What each input pin read when last told (`onInput`), so only changes are told. */
  private readonly told = new Map<number, 0 | 1>();

  /**
   * `onInput` hears every change of what an input pin reads (a button pressed or let go, a
   * pull-up switched on), at once: inside the CPU's turn when the firmware's write caused it.
   */
  constructor(
    private readonly config: McuConfig = ATMEGA328P_UNO,
    private readonly onInput: (pin: number, value: 0 | 1) => void = () => {},
  ) {
    this.pinsOf = portPins(config);
  }

  set(pin: number, level: DrivenLevel): void {
    if (!this.place(pin)) throw new RangeError(`pin ${pin} is not a pin of the simulated ${this.config.name}`);
    this.levels.set(pin, level);
    this.changes++;
    this.apply(pin);
  }

  setAnalog(pin: number, reading: number): void {
    const channel = this.analogChannel(pin);
    if (channel === undefined) {
      const analog = this.config.analogPins;
      throw new RangeError(`pin ${pin} is not an analog input (A0–A${analog.length - 1} are pins ${analog[0]}–${analog.at(-1)})`);
    }
    if (!(reading >= 0 && reading <= 1023)) throw new RangeError(`an analog reading is 0–1023, got ${reading}`);
    this.readings.set(pin, reading);
    this.changes++;
    this.apply(pin);
  }

  /** The reading an analog input was given (setAnalog), undefined if none. */
  reading(pin: number): number | undefined {
    return this.readings.get(pin);
  }

  /** What is wired, as text: equal for equal wiring (part of a boot snapshot's key). */
  describe(): string {
    const sorted = <T>(map: Map<number, T>) => [...map].sort(([a], [b]) => a - b);
    return JSON.stringify({ levels: sorted(this.levels), readings: sorted(this.readings) });
  }

  /** A new power-on: wire everything to it, and follow its pull-ups. */
  attach(mcu: Mcu): void {
    this.detach();
    this.mcu = mcu;
    for (const name of this.pinsOf.keys()) {
      const port = mcu.ports[name]!;
      const listener = () => this.followPullUps(mcu, name);
      port.addListener(listener);
      this.detachers.push(() => port.removeListener(listener));
      this.followPullUps(mcu, name);
    }
    for (const pin of new Set([...this.levels.keys(), ...this.readings.keys()])) this.apply(pin);
  }

  /** Every open pin of the port (nothing drives it, or 'open') reads its pull-up: HIGH when on. */
  private followPullUps(mcu: Mcu, name: PortName): void {
    const { PORT, DDR } = mcu.config.ports[name]!;
    const pullUps = mcu.cpu.data[PORT]! & ~mcu.cpu.data[DDR]!;
    const pins = this.pinsOf.get(name)!;
    for (let bit = 0; bit < 8; bit++) {
      const pin = pins[bit]!;
      if (pin < 0) continue;
      const level = this.levels.get(pin);
      if (level === undefined || level === 'open') mcu.ports[name]!.setPin(bit, ((pullUps >> bit) & 1) === 1);
      this.tell(pin);
    }
  }

  /** Tells `onInput` what an input pin reads, if that changed. */
  private tell(pin: number): void {
    const mcu = this.mcu;
    const place = this.place(pin);
    if (!mcu || !place) return;
    const { PIN, DDR } = mcu.config.ports[place.name]!;
    if ((mcu.cpu.data[DDR]! >> place.bit) & 1) {
      this.told.delete(pin); // An output: what it reads is what it drives (the pin watch's).
      return;
    }
    const value = ((mcu.cpu.data[PIN]! >> place.bit) & 1) as 0 | 1;
    if (this.told.get(pin) === value) return;
    this.told.set(pin, value);
    this.onInput(pin, value);
  }

  detach(): void {
    for (const detach of this.detachers) detach();
    this.detachers = [];
    this.told.clear();
    this.mcu = undefined;
  }

  private apply(pin: number): void {
    const mcu = this.mcu;
    const place = this.place(pin);
    if (!mcu || !place) return;
    const level = this.levels.get(pin);
    if (level !== undefined) {
      const { PORT, DDR } = mcu.config.ports[place.name]!;
      const pullUp = ((mcu.cpu.data[PORT]! & ~mcu.cpu.data[DDR]!) >> place.bit) & 1;
      mcu.ports[place.name]!.setPin(place.bit, level === 'open' ? pullUp === 1 : level === 1);
      this.tell(pin);
    }
    const reading = this.readings.get(pin);
    const channel = this.analogChannel(pin);
    if (reading !== undefined && channel !== undefined) {
      // The ADC converts floor(V / Vref × 1024): the middle of the reading's step converts back to it.
      mcu.adc.channelValues[channel] = ((reading + 0.5) / 1024) * mcu.adc.referenceVoltage;
    }
  }

  private place(pin: number): { name: PortName; bit: number } | undefined {
    const place = Number.isInteger(pin) ? this.config.pins[pin] : undefined;
    return place && { name: place[0], bit: place[1] };
  }

  private analogChannel(pin: number): number | undefined {
    const channel = this.config.analogPins.indexOf(pin);
    return channel < 0 ? undefined : channel;
  }
}
