/**
 * STK500 version 2 as the Arduino Mega 2560's bootloader (Arduino's stk500v2 bootloader,
 * stk500boot.c) speaks it, and avrdude's `-c wiring` programmer: constants from Atmel's AVR068
 * application note (command.h), and message framing.
 *
 * Every message, both ways: MESSAGE_START (0x1B), sequence number, body size (2 bytes, big-endian),
 * TOKEN (0x0E), body, checksum (the XOR of every byte before it). The body's first byte is the
 * command; a reply's body repeats it, then a status byte (STATUS_CMD_OK, or a failure), then data.
 * A reply carries its command's sequence number: a late reply to an earlier command shows.
 */

export const MESSAGE_START = 0x1b;
export const TOKEN = 0x0e;
/** MESSAGE_START, seq, size (2), TOKEN before the body; the checksum after it. */
export const FRAME_OVERHEAD = 6;

/** Command bytes (AVR068). */
export const Cmd = {
  SIGN_ON: 0x01,
  SET_PARAMETER: 0x02,
  GET_PARAMETER: 0x03,
  LOAD_ADDRESS: 0x06,
  ENTER_PROGMODE_ISP: 0x10,
  LEAVE_PROGMODE_ISP: 0x11,
  CHIP_ERASE_ISP: 0x12,
  PROGRAM_FLASH_ISP: 0x13,
  READ_FLASH_ISP: 0x14,
  READ_SIGNATURE_ISP: 0x1b,
  SPI_MULTI: 0x1d,
} as const;

/** Status bytes of a reply. */
export const Status = {
  CMD_OK: 0x00,
  CMD_TOUT: 0x80,
  CMD_FAILED: 0xc0,
  CKSUM_ERROR: 0xc1,
  CMD_UNKNOWN: 0xc9,
} as const;

/** GET_PARAMETER parameters. */
export const Param = {
  HW_VER: 0x90,
  SW_MAJOR: 0x91,
  SW_MINOR: 0x92,
} as const;

/**
 * LOAD_ADDRESS with bit 31 set: the memory is larger than 64 KiB, so the programmer must also
 * load the extended address byte (the Mega's bootloader takes all 32 bits as a word address).
 */
export const EXTENDED_ADDRESS_FLAG = 0x8000_0000;

/**
 * The ISP parameters avrdude sends for an ATmega2560 (avrdude.conf's m2560: timeout, stabdelay,
 * cmdexedelay, synchloops, bytedelay, pollvalue, pollindex; pgm_enable AC 53 00 00). A bootloader
 * ignores them; a real STK500v2 programmer needs them.
 */
export const ISP_ENTER_PARAMETERS = [200, 100, 25, 32, 0, 0x53, 3, 0xac, 0x53, 0x00, 0x00] as const;

/**
 * PROGRAM_FLASH_ISP's header after the size, as avrdude sends it for the ATmega2560's flash:
 * mode (page mode 0x41 | 0x80 "write the page"), delay 10 ms, the ISP opcodes of load page (0x40),
 * write page (0x4C) and read (0x20), and the two poll values.
 */
export const FLASH_WRITE_PARAMETERS = [0xc1, 10, 0x40, 0x4c, 0x20, 0x00, 0x00] as const;
/** READ_FLASH_ISP's ISP read opcode (read low byte, 0x20). */
export const FLASH_READ_OPCODE = 0x20;

/** The XOR of every byte. */
export function xorChecksum(bytes: ArrayLike<number>, length = bytes.length): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum ^= bytes[i]!;
  return sum;
}

/** Frames `body` as one STK500v2 message with sequence number `sequence`. */
export function frameMessage(sequence: number, body: ArrayLike<number>): Buffer {
  const message = Buffer.alloc(body.length + FRAME_OVERHEAD);
  message[0] = MESSAGE_START;
  message[1] = sequence & 0xff;
  message.writeUInt16BE(body.length, 2);
  message[4] = TOKEN;
  Buffer.from(Array.from(body)).copy(message, 5);
  message[message.length - 1] = xorChecksum(message, message.length - 1);
  return message;
}

/** A framed message taken from a byte stream. */
export interface Stk500v2Message {
  sequence: number;
  body: Buffer;
  /** The checksum byte was right. */
  checksumOk: boolean;
}

/**
 * Takes the first whole message from `bytes`, skipping bytes before a MESSAGE_START that is
 * followed by a TOKEN where one belongs. Returns it and the bytes after it, or undefined (and the
 * bytes worth keeping) while the message is not complete yet.
 */
export function takeMessage(bytes: Buffer): { message: Stk500v2Message | undefined; rest: Buffer } {
  let start = 0;
  for (;;) {
    start = bytes.indexOf(MESSAGE_START, start);
    if (start < 0) return { message: undefined, rest: Buffer.alloc(0) };
    if (bytes.length - start < 5) return { message: undefined, rest: bytes.subarray(start) };
    if (bytes[start + 4] !== TOKEN) {
      start++;
      continue;
    }
    const size = bytes.readUInt16BE(start + 2);
    const end = start + size + FRAME_OVERHEAD;
    if (bytes.length < end) return { message: undefined, rest: bytes.subarray(start) };
    const frame = bytes.subarray(start, end);
    return {
      message: {
        sequence: frame[1]!,
        body: Buffer.from(frame.subarray(5, end - 1)),
        checksumOk: xorChecksum(frame, frame.length - 1) === frame[frame.length - 1],
      },
      rest: bytes.subarray(end),
    };
  }
}

/** The command bodies the programmer sends. */
export const bodies = {
  signOn: () => [Cmd.SIGN_ON],
  getParameter: (parameter: number) => [Cmd.GET_PARAMETER, parameter],
  /** `wordAddress` (byte address / 2), big-endian, with EXTENDED_ADDRESS_FLAG for flash over 64 KiB. */
  loadAddress: (address: number) => [
    Cmd.LOAD_ADDRESS,
    (address >>> 24) & 0xff,
    (address >>> 16) & 0xff,
    (address >>> 8) & 0xff,
    address & 0xff,
  ],
  enterProgMode: () => [Cmd.ENTER_PROGMODE_ISP, ...ISP_ENTER_PARAMETERS],
  /** preDelay, postDelay 1 ms, as avrdude. */
  leaveProgMode: () => [Cmd.LEAVE_PROGMODE_ISP, 1, 1],
  programFlash: (data: Uint8Array) => [
    Cmd.PROGRAM_FLASH_ISP,
    (data.length >> 8) & 0xff,
    data.length & 0xff,
    ...FLASH_WRITE_PARAMETERS,
    ...data,
  ],
  readFlash: (length: number) => [Cmd.READ_FLASH_ISP, (length >> 8) & 0xff, length & 0xff, FLASH_READ_OPCODE],
  /** Signature byte `index` (0..2): the ISP instruction 30 00 index 00, its answer at byte 4 (retAddr 4). */
  readSignatureByte: (index: number) => [Cmd.READ_SIGNATURE_ISP, 4, 0x30, 0x00, index, 0x00],
  /** The same ISP instruction passed through: 4 bytes out, 4 back, the answer in the last. */
  spiMultiSignatureByte: (index: number) => [Cmd.SPI_MULTI, 4, 4, 0, 0x30, 0x00, index, 0x00],
};
