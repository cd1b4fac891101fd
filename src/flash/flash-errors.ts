import { UserError } from '../errors.js';
import type { AvrChip } from '../chips/avr-chip.js';
import { chipNameForSignature, formatSignature } from '../chips/signatures.js';
import { hex16, hex8 } from '../hex-format.js';
import type { ProgrammerProtocol, Stk500Error } from './programmer.js';

/** "115200", "115200 or 57600", "115200, 57600 or 38400" */
function listOfRates(baudRates: readonly number[]): string {
  return baudRates.length <= 1 ? String(baudRates[0] ?? '') : `${baudRates.slice(0, -1).join(', ')} or ${baudRates.at(-1)}`;
}

/**
 * No bootloader answered at any baud rate tried: the wrong port, not an Arduino (or one without a
 * bootloader), another protocol, another baud rate, or a board that did not reset into its bootloader.
 */
export class BootloaderNotAnsweringError extends UserError {
  constructor(
    readonly where: string,
    /** The rates tried, in order; empty when unknown (a link that is not a serial port). */
    readonly baudRates: readonly number[],
    readonly protocol: ProgrammerProtocol = 'stk500v1',
    /** The rates came from --baud: only those were tried. */
    readonly baudGiven = false,
  ) {
    const at = baudRates.length > 0 ? ` at ${listOfRates(baudRates)} baud` : '';
    const rates = baudGiven
      ? ' Without --baud, pinmesh tries the rates of the Uno and Nano bootloaders (115200, then 57600).'
      : '';
    const otherBoard =
      protocol === 'stk500v1'
        ? 'an Uno or a Nano (a Mega 2560 speaks STK500v2: pass --protocol stk500v2)'
        : 'a Mega 2560 (an Uno or a Nano speaks STK500v1: pass --protocol stk500v1)';
    super(
      `No Arduino bootloader answered on ${where}${at} (${protocol}). Check the port: run \`pinmesh ports\`, ` +
        'pick another with --serial-port PATH, and close any other program using it (the Arduino IDE\'s serial monitor). ' +
        `Check the board: ${otherBoard}, with its bootloader. ` +
        'Check the reset: the board must restart into its bootloader when the port opens; if it does not ' +
        '(no auto-reset, a bare chip), press its reset button just as `pinmesh flash` starts.' +
        rates,
    );
    this.name = 'BootloaderNotAnsweringError';
  }
}

/** The usual Arduino board of a chip, for advice. */
function boardOf(chip: AvrChip): string {
  return chip.name === 'ATmega2560' ? 'Mega 2560' : chip.name === 'ATmega328P' ? 'Uno (or Nano)' : `board with an ${chip.name}`;
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
        `this firmware is built for. Pick the ${boardOf(expected)} with --serial-port PATH, or pass a hex ` +
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
