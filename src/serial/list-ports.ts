import { UserError, errorMessage } from '../errors.js';
import type { RawPortInfo, RawPortLister } from './raw-port.js';
import { listSysfsPorts } from './sysfs-ports.js';
import { lookupUsbDevice, normalizeUsbId } from './usb-ids.js';
import { flagNames, type SettingNames } from '../setting-names.js';

/** One serial port as pinmesh shows it. Ids are normalised: lower-case, 4 hex digits. */
export interface SerialPortInfo {
  path: string;
  manufacturer: string | undefined;
  vendorId: string | undefined;
  productId: string | undefined;
  serialNumber: string | undefined;
  /** Its USB ids are an Arduino Uno's or a common clone chip's (see usb-ids.ts). */
  likelyArduino: boolean;
  /** What the ids say it is ("Arduino Uno", "Arduino Nano?"), when known. */
  label?: string;
  /** The --board the ids suggest when it is not the Uno ("nano", "mega"). */
  board?: string;
  /** The pseudo-terminal of a `pinmesh sim --serial`, no device: never picked when --serial-port is left out. */
  simulated?: boolean;
}

/** What to do about a port whose ids suggest another board than the Uno: "pass --board nano". */
export function boardAdvice(port: SerialPortInfo): string | undefined {
  if (port.simulated) return `${port.path}: pinmesh sim's simulated board: pass --serial-port ${port.path}${port.board ? ` --board ${port.board}` : ''}`;
  if (port.board === 'nano') return `${port.path}: a Nano clone's usual USB chip: if it is a Nano, pass --board nano (its bootloader talks at 57600 baud)`;
  if (port.board) return `${port.path}: pass --board ${port.board}`;
  return undefined;
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Normalises one port serialport reported and decides whether it is likely an Arduino. */
export function describePort(raw: RawPortInfo): SerialPortInfo {
  const vendorId = normalizeUsbId(raw.vendorId);
  const productId = normalizeUsbId(raw.productId);
  const known = lookupUsbDevice(vendorId, productId);
  const info: SerialPortInfo = {
    path: raw.path,
    manufacturer: clean(raw.manufacturer),
    vendorId,
    productId,
    serialNumber: clean(raw.serialNumber),
    likelyArduino: known !== undefined,
  };
  if (known) info.label = known.label;
  if (known?.board) info.board = known.board;
  return info;
}

/**
 * `primary`, or `fallback` when `primary` rejects. When both reject, the error names both reasons
 * ("spawn udevadm ENOENT; cannot read /sys/class/tty (ENOENT)").
 */
export function withFallbackLister(primary: RawPortLister, fallback: RawPortLister): RawPortLister {
  return async () => {
    try {
      return await primary();
    } catch (primaryError) {
      try {
        return await fallback();
      } catch (fallbackError) {
        throw new Error(`${errorMessage(primaryError)}; ${errorMessage(fallbackError)}`, { cause: primaryError });
      }
    }
  };
}

/**
 * The OS's port list: serialport's SerialPort.list(). On Linux that runs `udevadm info -e`; when it
 * fails (udevadm missing in a container, CI image or minimal install, or erroring), the same
 * data is read from sysfs instead (see sysfs-ports.ts).
 */
export function osPortLister(platform: NodeJS.Platform = process.platform, sysfsRoot = '/sys'): RawPortLister {
  // serialport is loaded when a list is asked for, not with this module: commands that never
  // touch a serial port do not pay for it.
  const serialport: RawPortLister = async () => (await import('./serialport-package.js')).SerialPort.list();
  return platform === 'linux' ? withFallbackLister(serialport, () => listSysfsPorts(sysfsRoot)) : serialport;
}

/**
 * Every serial port the OS reports, sorted by path (none: []). `lister` defaults to
 * osPortLister(); tests pass SerialPortMock.list.
 */
export async function listSerialPorts(lister: RawPortLister = osPortLister(), names: SettingNames = flagNames): Promise<SerialPortInfo[]> {
  let raw: RawPortInfo[];
  try {
    raw = await lister();
  } catch (error) {
    const reason = errorMessage(error).replace(/\s+/g, ' ');
    const advice = /udevadm/.test(reason)
      ? ' On Linux the port list comes from udevadm (part of systemd/udev), or from /sys/class/tty without it: ' +
        `install udevadm, or pass the board's port with ${names.serialPort()}.`
      : ` Pass the board's port with ${names.serialPort()}.`;
    throw new UserError(`Could not list serial ports (${reason}).${advice}`);
  }
  return raw
    .filter((port) => typeof port.path === 'string' && port.path.length > 0)
    .map(describePort)
    .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}

/** "/dev/ttyACM0 (Arduino Uno, 2341:0043, Arduino (www.arduino.cc))": one port on one line. */
export function describePortBriefly(port: SerialPortInfo): string {
  const details: string[] = [];
  if (port.label) details.push(port.label);
  if (port.vendorId && port.productId) details.push(`${port.vendorId}:${port.productId}`);
  if (port.manufacturer) details.push(port.manufacturer);
  return details.length > 0 ? `${port.path} (${details.join(', ')})` : port.path;
}
