/**
 * What to say of a bootloader's hex the simulator cannot load, beyond the parser's reason: one built
 * too big for the boot section it starts in (Debian's rebuilt optiboot_atmega328.hex, 532 bytes from
 * 0x7E00, where the Uno's boot section holds 512), and for that one, what to use instead.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The Duemilanove's bootloader as Debian's arduino-core-avr ships it: it fits its 2 KiB section. */
const DEBIAN_ATMEGABOOT = '/usr/share/arduino/hardware/arduino/avr/bootloaders/atmega/ATmegaBOOT_168_atmega328.hex';

/** Where the data records of Intel HEX `text` start and end, read leniently (overlaps allowed); undefined without data. */
export function dataSpan(text: string): { start: number; end: number } | undefined {
  let base = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const [, length, address, type, data] of text.matchAll(/^:([0-9A-F]{2})([0-9A-F]{4})([0-9A-F]{2})([0-9A-F]*)/gim)) {
    const kind = parseInt(type!, 16);
    if (kind === 0x02) base = parseInt(data!.slice(0, 4), 16) * 16;
    if (kind === 0x04) base = parseInt(data!.slice(0, 4), 16) * 0x10000;
    if (kind !== 0x00) continue;
    const from = base + parseInt(address!, 16);
    start = Math.min(start, from);
    end = Math.max(end, from + parseInt(length!, 16));
  }
  return start < end ? { start, end } : undefined;
}

/** "Debian's optiboot_atmega328.hex is built too big …: use …", or '' when there is nothing more to say. */
export function bootloaderAdvice(path: string, text: string, flashBytes: number): string {
  const span = dataSpan(text);
  if (span === undefined || span.end <= flashBytes || span.start >= flashBytes) return '';
  const size = `${span.end - span.start} of ${flashBytes - span.start} bytes`;
  if (basename(path) !== 'optiboot_atmega328.hex') return `It is built too big for the boot section it starts in (${size})`;
  const sibling = join(dirname(dirname(path)), 'atmega', 'ATmegaBOOT_168_atmega328.hex');
  const atmegaBoot = existsSync(sibling) ? sibling : DEBIAN_ATMEGABOOT;
  return (
    `Debian's optiboot_atmega328.hex is built too big for the boot section (${size}): use ${atmegaBoot} (the Duemilanove's), ` +
    'or build optiboot with scripts/build-optiboot.sh in a clone of pinmesh (docs/simulator.md)'
  );
}
