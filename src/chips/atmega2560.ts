import type { AvrChip } from './avr-chip.js';

/**
 * The Arduino Mega 2560's chip: an ATmega2560 on a 16 MHz crystal, 256 KiB of flash in 256-byte
 * pages, the STK500v2 bootloader (stk500boot_v2_mega2560) in the top 8 KiB (from 0x3E000, the Mega's fuses), 8 KiB of SRAM.
 */
export const ATMEGA2560: AvrChip = {
  name: 'ATmega2560',
  signature: [0x1e, 0x98, 0x01],
  clockHz: 16_000_000,
  flashBytes: 256 * 1024,
  sramBytes: 8 * 1024,
  pageSize: 256,
  bootloaderBytes: 8 * 1024,
};
