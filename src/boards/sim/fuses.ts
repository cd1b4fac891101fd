/**
 * The ATmega328P's (and ATmega2560's) fuse and lock bytes, as data: where the boot section starts (BOOTSZ1:0) and
 * whether reset jumps there (BOOTRST), read by the reset and by the self-programming unit
 * (datasheet §26.8 "Boot Loader Parameters", Table 26-7, and §27.2 "Fuse Bits").
 *
 * A fuse bit is 0 when programmed. The high fuse holds BOOTRST (bit 0) and BOOTSZ1:0 (bits 2:1):
 * 11 → a 256-word (512-byte) boot section at 0x7E00, 10 → 512 words at 0x7C00, 01 → 1024 words
 * at 0x7800, 00 → 2048 words at 0x7000 (byte addresses).
 */

export interface Fuses {
  readonly low: number;
  readonly high: number;
  readonly extended: number;
  readonly lock: number;
}

/**
 * Boot section sizes in bytes, indexed by BOOTSZ1:0: the ATmega328P's (Table 26-7), and the
 * ATmega1280/2560's (256 KiB of flash: 4096 words at 0x1F000 down to 512 words at 0x1FE00,
 * ATmega2560 datasheet Table 29-7), the Mega's bootloader in the largest.
 */
const BOOT_SECTION_BYTES_32K = [4096, 2048, 1024, 512] as const;
const BOOT_SECTION_BYTES_256K = [8192, 4096, 2048, 1024] as const;

function bootSectionSizes(flashBytes: number): readonly number[] {
  return flashBytes > 64 * 1024 ? BOOT_SECTION_BYTES_256K : BOOT_SECTION_BYTES_32K;
}
const BOOTRST = 0x01;

/**
 * An Uno as it leaves the factory line, minus the bootloader: the same clock fuses, but BOOTRST
 * unprogrammed, so reset starts the application at 0 (the simulator's default, fastest path).
 */
export const NO_BOOTLOADER_FUSES: Fuses = { low: 0xff, high: 0xdf, extended: 0xfd, lock: 0xff };

/** The boot section's first byte address under these fuses. */
export function bootSectionStart(fuses: Fuses, flashBytes: number): number {
  return flashBytes - bootSectionSizes(flashBytes)[(fuses.high >> 1) & 0x03]!;
}

/** True when BOOTRST is programmed: reset jumps to the boot section. */
export function resetsIntoBootloader(fuses: Fuses): boolean {
  return (fuses.high & BOOTRST) === 0;
}

/** The word address reset starts at: the boot section's start (BOOTRST) or 0. */
export function resetVector(fuses: Fuses, flashBytes: number): number {
  return resetsIntoBootloader(fuses) ? bootSectionStart(fuses, flashBytes) / 2 : 0;
}

/**
 * The fuses a board programmed with a bootloader that starts at `startByte` has: the smallest boot
 * section holding it (the Uno's optiboot at 0x7E00: high 0xDE; the Nano's ATmegaBOOT at 0x7800:
 * high 0xDA), BOOTRST programmed, and the boot section locked against SPM writes (lock 0xCF), as
 * the Arduino IDE's "Burn Bootloader" leaves it.
 */
export function fusesForBootloader(startByte: number, flashBytes: number): Fuses {
  const sizes = bootSectionSizes(flashBytes);
  const bootsz = sizes.findLastIndex((bytes) => flashBytes - bytes <= startByte);
  if (bootsz < 0 || startByte >= flashBytes) {
    throw new Error(
      `a bootloader must start in the top ${sizes[0]} bytes of flash (0x${(flashBytes - sizes[0]!).toString(16)} or later); this one starts at 0x${startByte.toString(16)}`,
    );
  }
  return { low: 0xff, high: 0xd8 | (bootsz << 1), extended: 0xfd, lock: 0xcf };
}
