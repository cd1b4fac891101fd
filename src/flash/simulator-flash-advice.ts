/**
 * What to do when a flash goes to pinmesh's own simulator started without a bootloader: said
 * instead of a real board's advice (press reset, check the cable), because the simulator's note
 * says what it is (src/serial/simulator-port-note.ts). Said before the flash when the port is that
 * simulator's pseudo-terminal (no bootloader can answer there: the wait for one took 14 s), after it
 * when no bootloader answered. A port that is a pseudo-terminal without such a note is at least no
 * board on USB: the advice then names the simulator as one possibility.
 */
import { UserError } from '../errors.js';
import { simulatorPortNote, type SimulatorPortNote } from '../serial/simulator-port-note.js';
import type { BootloaderNotAnsweringError } from './flash-errors.js';

/** Debian's arduino-core-avr bootloaders, which docs/simulator.md flashes the simulator through. */
const DEBIAN_BOOTLOADERS: Record<string, string> = {
  uno: '/usr/share/arduino/hardware/arduino/avr/bootloaders/atmega/ATmegaBOOT_168_atmega328.hex',
  mega: '/usr/share/arduino/hardware/arduino/avr/bootloaders/stk500v2/stk500boot_v2_mega2560.hex',
};

/**
 * `error` told the simulator's way, when the port is the simulator's (or a pseudo-terminal); undefined
 * for any other port. `device`: what the port's path resolved to before the flash (a pseudo-terminal's
 * link is gone for a moment after the flasher closed it, while the next one is made).
 */
export async function simulatorFlashAdvice(error: BootloaderNotAnsweringError, path: string, device: string | undefined): Promise<UserError | undefined> {
  const note = await simulatorPortNote(path);
  if (note?.bootloader === false) return withoutBootloader(note, `No bootloader answered on ${path}`);
  if (note) return undefined; // the simulator with a bootloader: the usual advice (and its own warnings) hold
  if (!isPseudoTerminal(device)) return undefined;
  return new UserError(
    `${error.message} ${path} is a pseudo-terminal${device === path ? '' : ` (${device})`}, not a board on USB: if it is pinmesh sim --serial, ` +
      'it can be flashed only when started with --bootloader FILE.hex.',
  );
}

/**
 * Before a flash: the advice when `path` is the pseudo-terminal (`device`: what it resolved to) of
 * a pinmesh sim started without a bootloader, by its running process's note; undefined for any
 * other port. A board on USB is never a pseudo-terminal, so no note can keep one from its flash.
 */
export async function simulatorWithoutBootloader(path: string, device: string | undefined): Promise<UserError | undefined> {
  if (!isPseudoTerminal(device)) return undefined;
  const note = await simulatorPortNote(path);
  return note?.bootloader === false ? withoutBootloader(note, `Cannot flash ${path}`) : undefined;
}

/** Whether the port resolved to a pseudo-terminal: never a board on USB. */
function isPseudoTerminal(device: string | undefined): boolean {
  return device !== undefined && device.startsWith('/dev/pts/');
}

function withoutBootloader(note: SimulatorPortNote, opening: string): UserError {
  const board = note.board === 'mega' ? 'Mega 2560' : 'Uno';
  const again = `pinmesh sim --serial${note.board === 'uno' ? '' : ` --board ${note.board}`} --link ${note.link} --bootloader FILE.hex`;
  return new UserError(
    `${opening}: it is pinmesh sim's simulated ${board} (pid ${note.pid}), started without a bootloader, ` +
      'so every reset starts its firmware at once and there is nothing to flash through. ' +
      `Stop it (Ctrl-C) and start it with one: ${again} ` +
      `(Debian's arduino-core-avr has ${DEBIAN_BOOTLOADERS[note.board] ?? DEBIAN_BOOTLOADERS.uno}), then run pinmesh flash again. ` +
      'To run your own program on it without flashing: pinmesh sim --serial --firmware FILE.hex.',
  );
}
