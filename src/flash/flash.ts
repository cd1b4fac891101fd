import { ATMEGA2560 } from '../chips/atmega2560.js';
import { ATMEGA328P } from '../chips/atmega328p.js';
import type { AvrChip } from '../chips/avr-chip.js';
import { chipNameForSignature, formatSignature } from '../chips/signatures.js';
import { parseFirmware, type FlashImage, type FlashPage } from '../firmware/flash-image.js';
import { hex16 } from '../hex-format.js';
import {
  BootloaderNotAnsweringError,
  FlashInterruptedError,
  SignatureMismatchError,
  VerifyMismatchError,
} from './flash-errors.js';
import { createProgrammer } from './create-programmer.js';
import { Stk500Error, type ProgrammerOptions, type ProgrammerProtocol } from './programmer.js';
import type { ProgrammerLink } from './reply-reader.js';

/** Optiboot, the Uno's bootloader (and the new Nano bootloader), listens at 115200 baud right after a reset. */
export const UNO_BOOTLOADER_BAUD = 115200;
/** ATmegaBOOT, the bootloader of the Duemilanove and of Nanos sold before 2018, listens at 57600. */
export const OLD_NANO_BOOTLOADER_BAUD = 57600;

/**
 * The baud rates to try, in order, when the person did not give one: STK500v1 boards (the Uno,
 * the Nano's new bootloader, then its old one); the Mega 2560's STK500v2 bootloader.
 */
export const BOOTLOADER_BAUD_RATES: Readonly<Record<ProgrammerProtocol, readonly number[]>> = {
  stk500v1: [UNO_BOOTLOADER_BAUD, OLD_NANO_BOOTLOADER_BAUD],
  stk500v2: [115200],
};

export type FlashPhase = 'sync' | 'write' | 'verify' | 'done';

/** The chip each protocol's bootloader is found on in Arduino boards, when no board says otherwise. */
export const USUAL_CHIP: Readonly<Record<ProgrammerProtocol, AvrChip>> = {
  stk500v1: ATMEGA328P,
  stk500v2: ATMEGA2560,
};

export interface FlashProgress {
  phase: FlashPhase;
  /** Pages written (phase 'write') or verified (phase 'verify') so far. */
  pagesDone: number;
  pages: number;
}

export interface FlashStats {
  /** Data bytes in the image. */
  bytes: number;
  /** Flash pages written and verified. */
  pages: number;
  /** Milliseconds from the first GET_SYNC to leaving programming mode. */
  ms: number;
  /** GET_SYNC attempts it took to reach the bootloader. */
  syncAttempts: number;
  /** "1e 95 0f" */
  signature: string;
  /** "ATmega328P", or the signature when unknown. */
  chip: string;
  /** The bootloader's software version, e.g. "4.4" (optiboot on an Uno R3). */
  bootloaderVersion: string;
  protocol: ProgrammerProtocol;
  /** The baud rate the bootloader answered at (serial ports only). */
  baudRate?: number;
}

export interface FlashCommonOptions extends ProgrammerOptions {
  /** The bootloader's protocol. Default 'stk500v1' (the Uno's and the Nano's). */
  protocol?: ProgrammerProtocol;
  /** Called at the start of each phase and after each page. */
  onProgress?: (progress: FlashProgress) => void;
  /** The chip the image is for. Default: the Uno's ATmega328P. */
  chip?: AvrChip;
  /** Refuse a board whose signature is not `chip`'s. Default true. */
  checkSignature?: boolean;
  /** For messages: the hex file's name. */
  hexSource?: string;
}

export type FlashHexOptions = FlashCommonOptions & {
  /** The link to a board whose bootloader is running (reset it just before). */
  link: ProgrammerLink;
  /** For messages: where the board is, e.g. "/dev/ttyACM0". */
  where?: string;
  /** For advice: the baud rate of the link. */
  baudRate?: number;
} & ({ hexData: string | Buffer } | { image: FlashImage });

/**
 * The pages to write: the image's own, or (for a bootloader that erases pages in order from 0)
 * every page from 0 to the image's last, the pages without data full of 0xFF, as erased flash is.
 */
function pagesToWrite(image: FlashImage, pageSize: number, fromZero: boolean): FlashPage[] {
  if (!fromZero || image.pages.length === 0) return image.pages;
  const byAddress = new Map(image.pages.map((page) => [page.address, page]));
  const last = image.pages.at(-1)!.address;
  const pages: FlashPage[] = [];
  for (let address = 0; address <= last; address += pageSize) {
    pages.push(byAddress.get(address) ?? { address, data: new Uint8Array(pageSize).fill(0xff) });
  }
  return pages;
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Programs an image through a bootloader on `link` (STK500v1 or v2): sync, read the bootloader version
 * and the chip signature (checked), enter programming mode, write every page, read every page
 * back and compare, leave programming mode (the board then runs the new firmware).
 * Throws UserErrors: BootloaderNotAnsweringError, SignatureMismatchError, VerifyMismatchError,
 * FlashInterruptedError (and the hex's parse errors).
 */
export async function flashHex(options: FlashHexOptions): Promise<FlashStats> {
  const chip = options.chip ?? USUAL_CHIP[options.protocol ?? 'stk500v1'];
  const image =
    'image' in options
      ? options.image
      : parseFirmware(options.hexData, { chip, ...(options.hexSource !== undefined && { source: options.hexSource }) });
  const where = options.where ?? 'the board';
  const protocol = options.protocol ?? 'stk500v1';
  const programmer = createProgrammer(protocol, options.link, chip, options);
  const writePages = pagesToWrite(image, chip.pageSize, programmer.writesPagesFromZero);
  const pages = writePages.length;
  const report = (phase: FlashPhase, pagesDone: number): void => options.onProgress?.({ phase, pagesDone, pages });

  const started = performance.now();
  let step = 'reaching the bootloader';
  try {
    report('sync', 0);
    let syncAttempts: number;
    try {
      syncAttempts = await programmer.sync();
    } catch (error) {
      if (error instanceof Stk500Error && error.kind !== 'closed') {
        throw new BootloaderNotAnsweringError(where, options.baudRate === undefined ? [] : [options.baudRate], protocol);
      }
      throw error;
    }

    step = 'reading the bootloader version';
    const bootloaderVersion = await programmer.readVersion();

    step = 'reading the chip signature';
    const signature = await programmer.readSignature();
    if (options.checkSignature !== false && !sameBytes(signature, chip.signature)) {
      throw new SignatureMismatchError(where, chip, signature);
    }

    step = 'entering programming mode';
    await programmer.enterProgMode();

    report('write', 0);
    for (const [index, page] of writePages.entries()) {
      step = `writing the page at ${hex16(page.address)}`;
      await programmer.programPage(page.address, page.data);
      report('write', index + 1);
    }

    report('verify', 0);
    for (const [index, page] of writePages.entries()) {
      step = `verifying the page at ${hex16(page.address)}`;
      const actual = await programmer.readPage(page.address, page.data.length);
      const offset = page.data.findIndex((byte, i) => actual[i] !== byte);
      if (offset >= 0) {
        throw new VerifyMismatchError(where, page.address + offset, page.data[offset]!, actual[offset] ?? -1);
      }
      report('verify', index + 1);
    }

    step = 'leaving programming mode';
    await programmer.leaveProgMode();
    report('done', pages);

    return {
      bytes: image.byteCount,
      pages,
      ms: Math.round(performance.now() - started),
      syncAttempts,
      signature: formatSignature(signature),
      chip: chipNameForSignature(signature) ?? formatSignature(signature),
      bootloaderVersion,
      protocol,
      ...(options.baudRate !== undefined && { baudRate: options.baudRate }),
    };
  } catch (error) {
    if (error instanceof Stk500Error) throw new FlashInterruptedError(where, step, error);
    throw error;
  } finally {
    programmer.dispose();
  }
}
