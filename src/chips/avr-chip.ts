/**
 * An AVR microcontroller described as data: what the flasher checks and writes against, and what
 * the simulator builds its MCU from. Figures only: no simulator or protocol code depends on it.
 */
export interface AvrChip {
  readonly name: string;
  /** The three bytes the chip answers a signature read with. */
  readonly signature: readonly [number, number, number];
  /** The board's crystal (the chip runs at what it is given; the Uno gives it 16 MHz). */
  readonly clockHz: number;
  readonly flashBytes: number;
  readonly sramBytes: number;
  /** Flash is written a page at a time. */
  readonly pageSize: number;
  /** The bootloader section at the top of flash, which a sketch must not reach into. */
  readonly bootloaderBytes: number;
}

/** Bytes an application may use: flash minus the bootloader section. */
export function applicationBytes(chip: AvrChip): number {
  return chip.flashBytes - chip.bootloaderBytes;
}
