/**
 * STK500 version 1 as the Arduino bootloaders (optiboot on the Uno, ATmegaBOOT on older boards)
 * speak it: constants from Atmel's AVR061 application note (command.h) and command framing.
 *
 * Every command is: command byte, arguments, CRC_EOP (0x20).
 * Every reply is:   INSYNC (0x14), payload bytes, OK (0x10).
 * A bootloader that did not see CRC_EOP where it expected one answers NOSYNC (0x15) alone
 * (optiboot instead resets itself through the watchdog and says nothing).
 */

/** Reply bytes. */
export const Resp = {
  OK: 0x10,
  FAILED: 0x11,
  UNKNOWN: 0x12,
  NODEVICE: 0x13,
  INSYNC: 0x14,
  NOSYNC: 0x15,
} as const;

/** End of every command. */
export const CRC_EOP = 0x20;

/** Command bytes. */
export const Cmnd = {
  GET_SYNC: 0x30,
  GET_SIGN_ON: 0x31,
  GET_PARAMETER: 0x41,
  SET_DEVICE: 0x42,
  SET_DEVICE_EXT: 0x45,
  ENTER_PROGMODE: 0x50,
  LEAVE_PROGMODE: 0x51,
  CHIP_ERASE: 0x52,
  LOAD_ADDRESS: 0x55,
  UNIVERSAL: 0x56,
  PROG_PAGE: 0x64,
  READ_PAGE: 0x74,
  READ_SIGN: 0x75,
} as const;

/** GET_PARAMETER parameters. */
export const Parm = {
  HW_VER: 0x80,
  SW_MAJOR: 0x81,
  SW_MINOR: 0x82,
} as const;

/** Memory type byte of PROG_PAGE / READ_PAGE. */
export const MemType = {
  FLASH: 0x46, // 'F'
  EEPROM: 0x45, // 'E'
} as const;

/** A framed command and the number of payload bytes its reply carries between INSYNC and OK. */
export interface Stk500Command {
  /** For messages: "GET_SYNC", "PROG_PAGE". */
  readonly name: string;
  readonly bytes: Buffer;
  readonly replyPayloadLength: number;
}

function command(name: string, replyPayloadLength: number, ...body: Array<number | Uint8Array>): Stk500Command {
  const parts = body.map((part) => (typeof part === 'number' ? Buffer.of(part & 0xff) : Buffer.from(part)));
  return { name, replyPayloadLength, bytes: Buffer.concat([...parts, Buffer.of(CRC_EOP)]) };
}

export const commands = {
  getSync: () => command('GET_SYNC', 0, Cmnd.GET_SYNC),
  getParameter: (parameter: number) => command('GET_PARAMETER', 1, Cmnd.GET_PARAMETER, parameter),
  readSignature: () => command('READ_SIGN', 3, Cmnd.READ_SIGN),
  enterProgMode: () => command('ENTER_PROGMODE', 0, Cmnd.ENTER_PROGMODE),
  leaveProgMode: () => command('LEAVE_PROGMODE', 0, Cmnd.LEAVE_PROGMODE),
  /** `wordAddress`: flash is addressed in 16-bit words (byte address / 2), little-endian. */
  loadAddress: (wordAddress: number) =>
    command('LOAD_ADDRESS', 0, Cmnd.LOAD_ADDRESS, wordAddress & 0xff, (wordAddress >> 8) & 0xff),
  /** Length is big-endian, unlike the address. */
  progPage: (data: Uint8Array, memType: number = MemType.FLASH) =>
    command('PROG_PAGE', 0, Cmnd.PROG_PAGE, (data.length >> 8) & 0xff, data.length & 0xff, memType, data),
  readPage: (length: number, memType: number = MemType.FLASH) =>
    command('READ_PAGE', length, Cmnd.READ_PAGE, (length >> 8) & 0xff, length & 0xff, memType),
};

/** An AVR the programmer can target. */
export interface AvrChip {
  readonly name: string;
  readonly signature: readonly [number, number, number];
  readonly pageSize: number;
  /** Bytes an application may use: flash size minus the bootloader section. */
  readonly applicationBytes: number;
}

/** The Uno's chip: 32 KiB flash, 128-byte pages, optiboot in the top 512 bytes. */
export const ATMEGA328P: AvrChip = {
  name: 'ATmega328P',
  signature: [0x1e, 0x95, 0x0f],
  pageSize: 128,
  applicationBytes: 32 * 1024 - 512,
};

/** Signatures of chips found on Arduino-compatible boards, to name what answered instead. */
const KNOWN_SIGNATURES: Record<string, string> = {
  '1e950f': 'ATmega328P',
  '1e9514': 'ATmega328',
  '1e9516': 'ATmega328PB',
  '1e9406': 'ATmega168',
  '1e940b': 'ATmega168P',
  '1e9307': 'ATmega8',
  '1e9587': 'ATmega32U4',
  '1e9801': 'ATmega2560',
  '1e9703': 'ATmega1280',
  '1e9651': 'ATmega4809',
};

/** "1e 95 0f" */
export function formatSignature(signature: ArrayLike<number>): string {
  return Array.from(signature, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** "ATmega328P", or undefined for a signature not in the table. */
export function chipNameForSignature(signature: ArrayLike<number>): string | undefined {
  return KNOWN_SIGNATURES[formatSignature(signature).replace(/ /g, '')];
}

export function hex8(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}

export function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}
