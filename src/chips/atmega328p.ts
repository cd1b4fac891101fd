import type { AvrChip } from './avr-chip.js';

/**
 * The Arduino Uno's chip: an ATmega328P on a 16 MHz crystal, 32 KiB of flash in 128-byte pages,
 * optiboot in the top 512 bytes (the Uno's fuses), 2 KiB of SRAM.
 */
export const ATMEGA328P: AvrChip = {
  name: 'ATmega328P',
  signature: [0x1e, 0x95, 0x0f],
  clockHz: 16_000_000,
  flashBytes: 32 * 1024,
  sramBytes: 2 * 1024,
  pageSize: 128,
  bootloaderBytes: 512,
};
