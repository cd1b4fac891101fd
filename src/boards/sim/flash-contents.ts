/**
 * What the simulated chip's flash holds when it is made: an application at 0 and, optionally, a
 * bootloader at the top, with the fuses a board programmed that way has (fuses.ts). Without a
 * bootloader, reset starts the application directly (BOOTRST unprogrammed).
 */
import { bootSectionStart, fusesForBootloader, NO_BOOTLOADER_FUSES, type Fuses } from './fuses.js';

export interface FlashContents {
  /** The whole flash as 16-bit words: the chip's own, written by SPM and kept across resets. */
  readonly flash: Uint16Array;
  readonly fuses: Fuses;
  /** Word address of the boot section when a bootloader is loaded. */
  readonly bootloaderStart: number | undefined;
}

const ERASED = 0xffff;

/** Lays out `application` (and `bootloader`, erased everywhere but its own section) into one fresh flash. */
export function flashContents(application: Uint16Array, bootloader?: Uint16Array): FlashContents {
  const flash = new Uint16Array(application);
  if (!bootloader) return { flash, fuses: NO_BOOTLOADER_FUSES, bootloaderStart: undefined };
  const first = bootloader.findIndex((word) => word !== ERASED);
  if (first < 0) throw new Error('the bootloader holds no code');
  const flashBytes = flash.length * 2;
  const fuses = fusesForBootloader(first * 2, flashBytes);
  const start = bootSectionStart(fuses, flashBytes) / 2;
  const reaching = application.subarray(start).findIndex((word) => word !== ERASED);
  if (reaching >= 0) {
    throw new Error(
      `the firmware reaches into the bootloader's section (its data at 0x${((start + reaching) * 2).toString(16)}; ` +
        `the bootloader starts at 0x${(start * 2).toString(16)}): it is too big for a board with this bootloader`,
    );
  }
  flash.set(bootloader.subarray(start), start);
  return { flash, fuses, bootloaderStart: start };
}
