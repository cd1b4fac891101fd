import type { RecordFile } from './record-file.js';
import type { PinSource } from './pin-sources.js';
import { vcdHeader, vcdIdentifier, vcdValue, type VcdScope, type VcdSignal } from './vcd-format.js';

/** An Uno's header pins, as the viewers name them: D0–D13, then A0–A5 (pins 14–19). */
export const UNO_SIGNALS: readonly VcdSignal[] = Array.from({ length: 20 }, (_, pin) => ({ name: pin < 14 ? `D${pin}` : `A${pin - 14}` }));

/** An Uno's analog inputs (A0–A5, pins 14–19): their readings, 0–1023, as `real` variables. */
const UNO_ANALOG_PINS = [14, 15, 16, 17, 18, 19] as const;
const UNO_READINGS: VcdScope = { name: 'analog', signals: UNO_ANALOG_PINS.map((pin) => ({ name: `A${pin - 14}`, type: 'real' as const })) };

export interface VcdBoard {
  /** The scope's name: the board's kind. */
  name: string;
  source: PinSource;
}

/**
 * A Value Change Dump of one board's pins, written as they change: each pin a one-bit wire (its
 * level), and in the scope `analog` inside the board's, each analog input's reading (0–1023) as a
 * `real`. Time 0 is when the board is watched; every time is in µs of the source's clock since
 * then (the MCU's on the simulated Uno), each `#time` once and later than the one before. A VCD
 * declares its wires before any change, so it holds the first board watched; `watch` says false
 * for any other (the JSONL recording keeps every board).
 *
 * The run's stop (`stopping()`: the outputs driven LOW, the fail-safe) is recorded after every
 * change before it, never at the same time: on the mock board the run's time does not move while
 * it stops, and a LOW at the time of the last change would hide the level the run ended with
 * (a viewer shows the last value written at a time). The file ends one µs after its last change
 * at the earliest, so that value is seen too.
 */
export class VcdRecording {
  private source: PinSource | undefined;
  private originMs = 0;
  private lastUs = 0;
  /** No change is written before this time (µs): the run's stop, after every change of the run. */
  private floorUs = 0;
  private readonly levels: (0 | 1)[] = [];
  private readonly readings = new Map<number, number>();
  private stopListening: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly file: RecordFile,
    private readonly version: string,
    /** The `$date`; null: none (two recordings of one run then compare byte for byte). */
    private readonly date: Date | null = new Date(),
  ) {}

  /** Records `board` from now on; false when a board is recorded already (or it has stopped). */
  watch(board: VcdBoard): boolean {
    if (this.source || this.stopped) return false;
    const { source } = board;
    this.source = source;
    this.originMs = source.now();
    UNO_SIGNALS.forEach((_, pin) => (this.levels[pin] = source.level(pin)));
    for (const pin of UNO_ANALOG_PINS) this.readings.set(pin, source.reading?.(pin) ?? 0);
    const initial = [...this.levels, ...UNO_ANALOG_PINS.map((pin) => this.readings.get(pin)!)];
    this.file.write(vcdHeader({ date: this.date, version: this.version, scopes: [{ name: board.name, signals: UNO_SIGNALS, scopes: [UNO_READINGS] }], initial }));
    this.stopListening.push(source.listen((pin, value, atMs) => this.change(pin, value, atMs)));
    if (source.listenReadings) this.stopListening.push(source.listenReadings((pin, reading, atMs) => this.read(pin, reading, atMs)));
    return true;
  }

  /** The run is stopping: what changes from now on (its outputs going LOW) is recorded after every change before. */
  stopping(): void {
    this.floorUs = Math.max(this.floorUs, this.lastUs + 1);
  }

  /** Ends the dump at the source's time now (viewers show the last levels up to there), after its last change, and closes the file. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const stop of this.stopListening) stop();
    if (!this.source) this.file.write(vcdHeader({ date: this.date, version: this.version, scopes: [], initial: [] }));
    else this.file.write(`#${Math.max(this.timeUs(this.source.now()), this.lastUs + 1)}\n`);
    await this.file.close();
  }

  private change(pin: number, value: 0 | 1, atMs: number): void {
    if (pin >= UNO_SIGNALS.length || this.levels[pin] === value) return;
    this.levels[pin] = value;
    this.write(atMs, vcdValue('wire', value, vcdIdentifier(pin)));
  }

  private read(pin: number, reading: number, atMs: number): void {
    const index = UNO_ANALOG_PINS.indexOf(pin as (typeof UNO_ANALOG_PINS)[number]);
    if (index < 0 || this.readings.get(pin) === reading) return;
    this.readings.set(pin, reading);
    this.write(atMs, vcdValue('real', reading, vcdIdentifier(UNO_SIGNALS.length + index)));
  }

  /** A value change at `atMs`, after a `#time` line when its time is not the last one written. */
  private write(atMs: number, value: string): void {
    const us = this.timeUs(atMs);
    const time = us === this.lastUs ? '' : `#${us}\n`;
    this.lastUs = us;
    this.file.write(`${time}${value}\n`);
  }

  /** µs since time 0, never before the last time written (a VCD's times only go forward), nor before the stop's. */
  private timeUs(atMs: number): number {
    return Math.max(this.lastUs, this.floorUs, Math.round((atMs - this.originMs) * 1000));
  }
}
