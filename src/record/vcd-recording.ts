import type { RecordFile } from './record-file.js';
import type { PinSource } from './pin-sources.js';
import { vcdHeader, vcdIdentifier, type VcdSignal } from './vcd-format.js';

/** An Uno's header pins, as the viewers name them: D0–D13, then A0–A5 (pins 14–19). */
export const UNO_SIGNALS: readonly VcdSignal[] = Array.from({ length: 20 }, (_, pin) => ({ name: pin < 14 ? `D${pin}` : `A${pin - 14}` }));

export interface VcdBoard {
  /** The scope's name: the board's kind. */
  name: string;
  source: PinSource;
}

/**
 * A Value Change Dump of one board's pins, written as they change. Time 0 is when the board is
 * watched; every time is in µs of the source's clock since then (the MCU's on the simulated Uno),
 * never going back. A VCD declares its wires before any change, so it holds the first board
 * watched; `watch` says false for any other (the JSONL recording keeps every board).
 */
export class VcdRecording {
  private source: PinSource | undefined;
  private originMs = 0;
  private lastUs = 0;
  private readonly levels: (0 | 1)[] = [];
  private stopListening: (() => void) | undefined;
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
    this.file.write(vcdHeader({ date: this.date, version: this.version, scopes: [{ name: board.name, signals: UNO_SIGNALS }], initial: this.levels }));
    this.stopListening = source.listen((pin, value, atMs) => this.change(pin, value, atMs));
    return true;
  }

  /** Ends the dump at the source's time now (viewers show the last levels up to there) and closes the file. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening?.();
    if (!this.source) this.file.write(vcdHeader({ date: this.date, version: this.version, scopes: [], initial: [] }));
    else this.file.write(`#${this.timeUs(this.source.now())}\n`);
    await this.file.close();
  }

  private change(pin: number, value: 0 | 1, atMs: number): void {
    if (pin >= UNO_SIGNALS.length || this.levels[pin] === value) return;
    this.levels[pin] = value;
    const us = this.timeUs(atMs);
    const time = us === this.lastUs ? '' : `#${us}\n`;
    this.lastUs = us;
    this.file.write(`${time}${value}${vcdIdentifier(pin)}\n`);
  }

  /** µs since time 0, never before the last time written (a VCD's times only go forward). */
  private timeUs(atMs: number): number {
    return Math.max(this.lastUs, Math.round((atMs - this.originMs) * 1000));
  }
}
