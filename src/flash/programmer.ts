/**
 * What flashing needs from a bootloader's protocol, whatever it is: STK500v1 (optiboot on the Uno,
 * ATmegaBOOT on the Nano and Duemilanove: avrdude's `-c arduino`) or STK500v2 (the Mega 2560's
 * bootloader: avrdude's `-c wiring`). flash.ts drives either through this interface.
 */

/** The bootloader protocols pinmesh speaks, by the name avrdude's programmers use for them. */
export const PROGRAMMER_PROTOCOLS = ['stk500v1', 'stk500v2'] as const;
export type ProgrammerProtocol = (typeof PROGRAMMER_PROTOCOLS)[number];

export interface ProgrammerOptions {
  /** Time allowed for each reply. Default 5000 ms, as avrdude. */
  replyTimeoutMs?: number;
  /** Attempts at reaching the bootloader before concluding none listens. Default 10 (STK500v1) or 6 (STK500v2), as avrdude. */
  syncAttempts?: number;
  /** Time allowed for each sync reply. Default 1000 ms. */
  syncTimeoutMs?: number;
  /** A drain (throwing away what arrives) ends after the link is quiet this long. Default 250 ms, as avrdude. */
  drainQuietMs?: number;
  /** Called before each sync attempt after the first: reset the board into its bootloader again, as avrdude does. */
  beforeSyncRetry?: () => Promise<void>;
}

export type Stk500ErrorKind =
  /** No (complete) reply in time. */
  | 'timeout'
  /** The bootloader answered NOSYNC: it lost track of command boundaries. */
  | 'nosync'
  /** The bootloader answered FAILED (or a failed status). */
  | 'failed'
  /** Bytes that are not a well-formed reply. */
  | 'garbled'
  /** The link closed while waiting. */
  | 'closed';

/** A command did not get a proper reply (either protocol). flash.ts turns these into advice. */
export class Stk500Error extends Error {
  constructor(
    readonly command: string,
    readonly kind: Stk500ErrorKind,
    detail: string,
  ) {
    super(`${command}: ${detail}`);
    this.name = 'Stk500Error';
  }
}

/** One bootloader session, a method per step of flashing. Calls must not overlap (await each one). */
export interface Programmer {
  readonly protocol: ProgrammerProtocol;
  /**
   * The bootloader erases the next page of flash at each page written, counting from address 0
   * whatever the address (Arduino's STK500v2 bootloader): write every page from 0 up, in order.
   */
  readonly writesPagesFromZero: boolean;
  /** Reaches the bootloader; resolves with the attempts it took. Throws Stk500Error. */
  sync(): Promise<number>;
  /** The bootloader's software version, e.g. "4.4" (optiboot on an Uno R3), "2.10" (the Mega's). */
  readVersion(): Promise<string>;
  /** The chip's three signature bytes, e.g. 1e 95 0f for an ATmega328P. */
  readSignature(): Promise<Uint8Array>;
  enterProgMode(): Promise<void>;
  /** Writes one flash page at a byte address (a multiple of the chip's page size). */
  programPage(byteAddress: number, data: Uint8Array): Promise<void>;
  /** Reads `length` bytes of flash from a byte address. */
  readPage(byteAddress: number, length: number): Promise<Uint8Array>;
  /** The bootloader then starts the application. */
  leaveProgMode(): Promise<void>;
  /** Stops listening to the link. */
  dispose(): void;
}
