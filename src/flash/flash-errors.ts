import { UserError } from '../errors.js';
import type { AvrChip } from '../chips/avr-chip.js';
import { chipNameForSignature, formatSignature } from '../chips/signatures.js';
import { hex16, hex8 } from '../hex-format.js';
import type { Stk500Error } from './programmer.js';

/** Nothing answered GET_SYNC: not an Uno, the wrong port, or a bootloader at another baud rate. */
export class BootloaderNotAnsweringError extends UserError {
  constructor(readonly where: string, readonly baudRate: number | undefined) {
    const at = baudRate ? ` at ${baudRate} baud` : '';
    const otherBaud =
      baudRate === 57600
        ? 'an Uno (optiboot) listens at 115200 baud: try --baud 115200'
        : 'older ATmega328P boards (Duemilanove, Nanos with the old bootloader) listen at 57600 baud: try --baud 57600';
    super(
      `No Arduino bootloader answered on ${where}${at}. Check that this is the Uno's port ` +
        '(run `pinmesh ports`, pick another with --serial-port PATH) and that no other program uses it; ' +
        `${otherBaud}.`,
    );
    this.name = 'BootloaderNotAnsweringError';
  }
}

/** The bootloader reports a different chip than the firmware is built for. */
export class SignatureMismatchError extends UserError {
  constructor(
    readonly where: string,
    readonly expected: AvrChip,
    readonly actual: Uint8Array,
  ) {
    const name = chipNameForSignature(actual);
    const found = name ? `an ${name} (signature ${formatSignature(actual)})` : `a chip with signature ${formatSignature(actual)}`;
    super(
      `The board on ${where} has ${found}, not the ${expected.name} (${formatSignature(expected.signature)}) ` +
        'of an Arduino Uno this firmware is built for. Pick the Uno with --serial-port PATH, or pass a hex ' +
        'built for this board with --hex FILE.',
    );
    this.name = 'SignatureMismatchError';
  }
}

/** A byte read back differs from the byte written. */
export class VerifyMismatchError extends UserError {
  constructor(
    readonly where: string,
    readonly address: number,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `Verify failed at address ${hex16(address)} on ${where}: wrote ${hex8(expected)}, read back ${hex8(actual)}. ` +
        'Run `pinmesh flash` again; if it fails at the same address again, that part of the chip\'s flash is worn out.',
    );
    this.name = 'VerifyMismatchError';
  }
}

/** The bootloader stopped answering (or answered nonsense) part way through. */
export class FlashInterruptedError extends UserError {
  constructor(
    readonly where: string,
    readonly step: string,
    readonly protocolError: Stk500Error,
  ) {
    super(
      protocolError.kind === 'closed'
        ? `The serial link to ${where} closed while ${step}: was the board unplugged? ` +
            'Plug it back in and run `pinmesh flash` again.'
        : `The bootloader on ${where} stopped answering properly while ${step} (${protocolError.message}). ` +
            'The board may have reset, or the USB link is flaky: run `pinmesh flash` again ' +
            '(try another USB cable or port if it keeps happening).',
    );
    this.name = 'FlashInterruptedError';
  }
}
