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
