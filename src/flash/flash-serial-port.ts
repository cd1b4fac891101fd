import { setTimeout as delay } from 'node:timers/promises';
import { parseFirmware, type FlashImage } from '../firmware/flash-image.js';
import type { SerialPortInfo } from '../serial/list-ports.js';
import { openWhenPresent } from '../serial/port-present.js';
import type { SerialPortFactory, SerialTransport } from '../serial/serial-transport.js';
import { BootloaderNotAnsweringError } from './flash-errors.js';
import { BOOTLOADER_BAUD_RATES, USUAL_CHIP, flashHex, type FlashCommonOptions, type FlashStats } from './flash.js';

/** Sync attempts at each rate when several are tried (a board reset before each: one is usually enough). */
const SYNC_ATTEMPTS_PER_RATE = 5;

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
  /** The bootloader's baud rate, as the person gave it: only this one is tried. */
  baudRate?: number;
  /**
   * Without baudRate: the rates tried in order until a bootloader answers, the port opened anew
   * (and so the board reset) at each. Default BOOTLOADER_BAUD_RATES of the protocol.
   */
  baudRates?: readonly number[];
  /** No bootloader answered at `baudRate`; `next` is tried now. */
  onBaudRateSilent?: (baudRate: number, next: number) => void;
  /** The port is open, once: nothing has been sent yet (a busy or missing port never gets here). */
  onOpened?: () => void;
  resetTiming?: ResetTiming;
  /** Tests: SerialPortMock. */
  createPort?: SerialPortFactory;
  /** Tests: the mock's port list (for "port does not exist" advice). */
  listPorts?: () => Promise<SerialPortInfo[]>;
} & ({ hexData: string | Buffer } | { image: FlashImage });

/**
 * Opens `path` at a bootloader's baud rate, resets the board into its bootloader, flashes and
 * verifies the image, and closes the port (the board then runs the new firmware). Without a
 * baudRate, tries each of baudRates until one answers; stats.baudRate says which.
 */
export async function flashSerialPort(options: FlashSerialPortOptions): Promise<FlashStats> {
  const protocol = options.protocol ?? 'stk500v1';
  const chip = options.chip ?? USUAL_CHIP[protocol];
  // Parse before touching the board: a bad hex should not reset it.
  const image =
    'image' in options
      ? options.image
      : parseFirmware(options.hexData, { chip, ...(options.hexSource !== undefined && { source: options.hexSource }) });
  const baudGiven = options.baudRate !== undefined;
  const baudRates = baudGiven ? [options.baudRate!] : (options.baudRates ?? BOOTLOADER_BAUD_RATES[protocol]);
  const syncAttempts = options.syncAttempts ?? (baudRates.length > 1 ? SYNC_ATTEMPTS_PER_RATE : undefined);
  // Loaded here, not at the top: serialport is only needed once a real port is flashed.
  const { openSerialTransport } = await import('../serial/serial-transport.js');

  for (const [index, baudRate] of baudRates.entries()) {
    const open = () =>
      openSerialTransport(options.path, {
        baudRate,
        purpose: 'flash',
        ...(options.createPort && { createPort: options.createPort }),
        ...(options.listPorts && { listPorts: options.listPorts }),
      });
    // The port closed at the last rate may be gone for a moment (a board enumerating again, the
    // simulated board making its next pseudo-terminal): the next rate waits for it to be back. A port
    // made by createPort (the tests' SerialPortMock) has no file to wait for.
    const transport = index > 0 && !options.createPort ? await openWhenPresent(options.path, open) : await open();
    if (index === 0) options.onOpened?.();
    try {
      await resetIntoBootloader(transport, options.resetTiming);
      const { onProgress, checkSignature, hexSource, replyTimeoutMs, syncTimeoutMs, drainQuietMs } = options;
      return await flashHex({
        image,
        link: transport,
        where: options.path,
        baudRate,
        chip,
        protocol,
        onProgress,
        checkSignature,
        hexSource,
        replyTimeoutMs,
        syncAttempts,
        syncTimeoutMs,
        drainQuietMs,
        beforeSyncRetry: () => resetIntoBootloader(transport, options.resetTiming),
      });
    } catch (error) {
      if (!(error instanceof BootloaderNotAnsweringError)) throw error;
      const next = baudRates[index + 1];
      if (next === undefined) throw new BootloaderNotAnsweringError(options.path, baudRates, protocol, baudGiven);
      options.onBaudRateSilent?.(baudRate, next);
    } finally {
      await transport.close();
    }
  }
  throw new BootloaderNotAnsweringError(options.path, baudRates, protocol, baudGiven);
}
