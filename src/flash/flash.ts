import { setTimeout as delay } from 'node:timers/promises';
import type { SerialPortInfo } from '../serial/list-ports.js';
import type { SerialPortFactory, SerialTransport } from '../serial/serial-transport.js';
import { ATMEGA328P } from '../chips/atmega328p.js';
import type { AvrChip } from '../chips/avr-chip.js';
import { chipNameForSignature, formatSignature } from '../chips/signatures.js';
import { parseFirmware, type FlashImage } from '../firmware/flash-image.js';
import { hex16 } from '../hex-format.js';
import {
  BootloaderNotAnsweringError,
  FlashInterruptedError,
  SignatureMismatchError,
  VerifyMismatchError,
} from './flash-errors.js';
import { Stk500Error, Stk500v1Programmer, type Stk500Timeouts } from './programmer.js';
import { Parm } from './protocol.js';
import type { ProgrammerLink } from './reply-reader.js';

/** Optiboot, the Uno's bootloader, listens at 115200 baud right after a reset. */
export const UNO_BOOTLOADER_BAUD = 115200;

export type FlashPhase = 'sync' | 'write' | 'verify' | 'done';

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
}

interface FlashCommonOptions extends Stk500Timeouts {
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

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Programs an image through an STK500v1 bootloader on `link`: sync, read the bootloader version
 * and the chip signature (checked), enter programming mode, write every page, read every page
 * back and compare, leave programming mode (the board then runs the new firmware).
 * Throws UserErrors: BootloaderNotAnsweringError, SignatureMismatchError, VerifyMismatchError,
 * FlashInterruptedError (and the hex's parse errors).
 */
export async function flashHex(options: FlashHexOptions): Promise<FlashStats> {
  const chip = options.chip ?? ATMEGA328P;
  const image =
    'image' in options
      ? options.image
      : parseFirmware(options.hexData, { chip, ...(options.hexSource !== undefined && { source: options.hexSource }) });
  const where = options.where ?? 'the board';
  const pages = image.pages.length;
  const report = (phase: FlashPhase, pagesDone: number): void => options.onProgress?.({ phase, pagesDone, pages });

  const programmer = new Stk500v1Programmer(options.link, options);
  const started = performance.now();
  let step = 'reaching the bootloader';
  try {
    report('sync', 0);
    let syncAttempts: number;
    try {
      syncAttempts = await programmer.sync();
    } catch (error) {
      if (error instanceof Stk500Error && error.kind !== 'closed') {
        throw new BootloaderNotAnsweringError(where, options.baudRate);
      }
      throw error;
    }

    step = 'reading the bootloader version';
    const major = await programmer.getParameter(Parm.SW_MAJOR);
    const minor = await programmer.getParameter(Parm.SW_MINOR);

    step = 'reading the chip signature';
    const signature = await programmer.readSignature();
    if (options.checkSignature !== false && !sameBytes(signature, chip.signature)) {
      throw new SignatureMismatchError(where, chip, signature);
    }

    step = 'entering programming mode';
    await programmer.enterProgMode();

    report('write', 0);
    for (const [index, page] of image.pages.entries()) {
      step = `writing the page at ${hex16(page.address)}`;
      await programmer.programPage(page.address, page.data);
      report('write', index + 1);
    }

    report('verify', 0);
    for (const [index, page] of image.pages.entries()) {
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
      bootloaderVersion: `${major}.${minor}`,
    };
  } catch (error) {
    if (error instanceof Stk500Error) throw new FlashInterruptedError(where, step, error);
    throw error;
  } finally {
    programmer.dispose();
  }
}

export interface ResetTiming {
  /** How long DTR/RTS stay deasserted. Default 250 ms (as avrdude's arduino programmer). */
  lowMs?: number;
  /** Wait after reasserting them for the bootloader to start. Default 50 ms. */
  settleMs?: number;
}

/**
 * Resets an Arduino through its auto-reset circuit (DTR/RTS through a capacitor to RESET), so
 * the bootloader runs, and throws away whatever the old sketch had sent.
 * A port without modem lines (a pty, some adapters) refuses to set them: then the reset that
 * opening the port caused (DTR asserted on open) has to do, and the bootloader sync will tell.
 */
export async function resetIntoBootloader(transport: SerialTransport, timing: ResetTiming = {}): Promise<void> {
  let controlLines = true;
  try {
    await transport.setControlLines({ dtr: false, rts: false });
  } catch {
    controlLines = false;
  }
  if (controlLines) {
    await delay(timing.lowMs ?? 250);
    await transport.setControlLines({ dtr: true, rts: true });
  }
  await delay(timing.settleMs ?? 50);
  await transport.discardBuffered();
}

export type FlashSerialPortOptions = FlashCommonOptions & {
  path: string;
  /** The bootloader's baud rate. Default 115200 (optiboot); old ATmegaBOOT boards use 57600. */
  baudRate?: number;
  resetTiming?: ResetTiming;
  /** Tests: SerialPortMock. */
  createPort?: SerialPortFactory;
  /** Tests: the mock's port list (for "port does not exist" advice). */
  listPorts?: () => Promise<SerialPortInfo[]>;
} & ({ hexData: string | Buffer } | { image: FlashImage });

/**
 * Opens `path` at the bootloader's baud rate, resets the board into its bootloader, flashes and
 * verifies the image, and closes the port (the board then runs the new firmware).
 */
export async function flashSerialPort(options: FlashSerialPortOptions): Promise<FlashStats> {
  const chip = options.chip ?? ATMEGA328P;
  // Parse before touching the board: a bad hex should not reset it.
  const image =
    'image' in options
      ? options.image
      : parseFirmware(options.hexData, { chip, ...(options.hexSource !== undefined && { source: options.hexSource }) });
  const baudRate = options.baudRate ?? UNO_BOOTLOADER_BAUD;
  // Loaded here, not at the top: serialport is only needed once a real port is flashed.
  const { openSerialTransport } = await import('../serial/serial-transport.js');
  const transport = await openSerialTransport(options.path, {
    baudRate,
    ...(options.createPort && { createPort: options.createPort }),
    ...(options.listPorts && { listPorts: options.listPorts }),
  });
  try {
    await resetIntoBootloader(transport, options.resetTiming);
    const { onProgress, checkSignature, hexSource, replyTimeoutMs, syncAttempts, syncTimeoutMs } = options;
    return await flashHex({
      image,
      link: transport,
      where: options.path,
      baudRate,
      chip,
      onProgress,
      checkSignature,
      hexSource,
      replyTimeoutMs,
      syncAttempts,
      syncTimeoutMs,
    });
  } finally {
    await transport.close();
  }
}
