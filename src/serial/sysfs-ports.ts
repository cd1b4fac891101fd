import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { RawPortInfo } from './raw-port.js';

/**
 * Lists serial ports on Linux by reading sysfs directly, the way udev does, without udevadm
 * (absent in containers, CI images and minimal installs, where serialport's list() fails with
 * "spawn udevadm ENOENT").
 *
 * - Every entry in <sysfs>/class/tty that has a `device` link is real hardware; the rest
 *   (tty0..63, console, ptmx, ...) are virtual and skipped.
 * - Serial-core ports whose `type` is 0 (PORT_UNKNOWN: no UART answered at that address) are
 *   skipped: these are the ttyS0..ttyS31 placeholders the 8250 driver registers on most PCs.
 *   A ttyS with a real 16550 behind it (type 4 and so on) is kept.
 * - For USB ports (ttyACM*, ttyUSB*), the directories above the device are searched for the USB
 *   device itself (the one holding idVendor/idProduct) and its manufacturer, product and serial
 *   strings are read, as udev's usb_id does.
 */

/** One port as sysfs describes it: what serialport's list() reports, plus the USB product string. */
export interface SysfsPortInfo extends RawPortInfo {
  /** The USB product string ("Arduino Uno", "USB Serial"), when the device has one. */
  product?: string | undefined;
}

/** Reads one sysfs attribute, trimmed; undefined when it is missing, unreadable or empty. */
async function readAttribute(dir: string, name: string): Promise<string | undefined> {
  try {
    const value = (await readFile(join(dir, name), 'utf8')).trim();
    return value.length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The USB device directory at or above `deviceDir` (the first one holding idVendor and idProduct),
 * staying inside the sysfs root. Undefined for ports that are not on USB.
 */
async function findUsbDevice(deviceDir: string, root: string): Promise<string | undefined> {
  for (let dir = deviceDir; dir.startsWith(root + sep); dir = dirname(dir)) {
    if ((await isFile(join(dir, 'idVendor'))) && (await isFile(join(dir, 'idProduct')))) return dir;
  }
  return undefined;
}

/** "/dev/ttyACM0" for the class entry ttyACM0: DEVNAME from uevent, else the name ("!" is "/"). */
async function devicePath(ttyDir: string, name: string): Promise<string> {
  const uevent = await readAttribute(ttyDir, 'uevent');
  const devname = uevent?.match(/^DEVNAME=(.+)$/m)?.[1]?.trim();
  return `/dev/${devname || name.replace(/!/g, '/')}`;
}

async function describeTty(root: string, name: string): Promise<SysfsPortInfo | undefined> {
  const ttyDir = join(root, 'class', 'tty', name);
  let deviceDir: string;
  try {
    deviceDir = await realpath(join(ttyDir, 'device'));
  } catch {
    return undefined; // no device link: a virtual tty (or one that vanished while we looked)
  }
  if ((await readAttribute(ttyDir, 'type')) === '0') return undefined; // serial-core placeholder, no UART

  const port: SysfsPortInfo = { path: await devicePath(ttyDir, name) };
  const usbDir = await findUsbDevice(deviceDir, root);
  if (usbDir) {
    const [vendorId, productId, manufacturer, product, serialNumber] = await Promise.all(
      ['idVendor', 'idProduct', 'manufacturer', 'product', 'serial'].map((attribute) => readAttribute(usbDir, attribute)),
    );
    Object.assign(port, { vendorId, productId, manufacturer, product, serialNumber });
  }
  return port;
}

/**
 * Every hardware serial port under `sysfsRoot` (default /sys): USB ports first, then by path.
 * An existing but empty class/tty gives []; an unreadable one (sysfs not mounted) rejects.
 */
export async function listSysfsPorts(sysfsRoot = '/sys'): Promise<SysfsPortInfo[]> {
  const root = await realpath(sysfsRoot).catch(() => sysfsRoot);
  const classDir = join(root, 'class', 'tty');
  let names: string[];
  try {
    names = await readdir(classDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`cannot read ${classDir} (${code})`);
  }
  const ports = (await Promise.all(names.map((name) => describeTty(root, name)))).filter(
    (port): port is SysfsPortInfo => port !== undefined,
  );
  return ports.sort(
    (a, b) =>
      Number(b.vendorId !== undefined) - Number(a.vendorId !== undefined) ||
      a.path.localeCompare(b.path, 'en', { numeric: true }),
  );
}
