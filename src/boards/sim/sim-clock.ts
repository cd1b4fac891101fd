/**
 * Simulated time. It runs on across resets: every power-on of the MCU starts its cycle counter
 * at zero, so the clock adds the cycles of the power-ons before it. Observations carry this
 * time in milliseconds.
 */
export class SimClock {
  private offsetCycles = 0;
  private source: () => number = () => 0;

  constructor(readonly clockHz: number) {}

  /** The MCU now counting cycles; the cycles the previous one ran are kept. */
  follow(cycles: () => number): void {
    this.offsetCycles += this.source();
    this.source = cycles;
  }

  /** The MCU stopped (power off): time stands still until the next follow(). */
  freeze(): void {
    this.offsetCycles += this.source();
    this.source = () => 0;
  }

  /** The MCU followed never really ran (its power-on was abandoned): forget its cycles. */
  abandon(): void {
    this.source = () => 0;
  }

  /** Cycles since the simulated Uno was created. */
  get cycles(): number {
    return this.offsetCycles + this.source();
  }

  /** Simulated milliseconds since the simulated Uno was created. */
  get ms(): number {
    return this.toMs(this.cycles);
  }

  /** Absolute cycle count → simulated milliseconds. */
  toMs(cycles: number): number {
    return (cycles * 1000) / this.clockHz;
  }

  msToCycles(ms: number): number {
    return (ms * this.clockHz) / 1000;
  }
}
