/**
 * USB vendor/product ids of boards pinmesh can drive, as data. A serial port whose USB ids appear
 * here is "likely an Arduino": `pinmesh flash` and the Uno board pick it without --serial-port.
 *
 * Ids are lower-case, 4 hex digits, no "0x" (the form normalizeUsbId() produces).
 * Sources: Arduino AVR core boards.txt (uno.vid.N/uno.pid.N) and the chip vendors' defaults.
 */

export type UsbDeviceKind =
  /** A genuine Arduino Uno (ATmega16U2 / 8U2 USB bridge, Arduino's own vendor id). */
  | 'arduino'
  /** A USB-serial chip common on Uno clones. Also used by other gadgets, hence "likely". */
  | 'clone-chip';

export interface KnownUsbDevice {
  vendorId: string;
  productId: string;
  label: string;
  kind: UsbDeviceKind;
  /** The --board these ids suggest, when it is not the Uno (a Mega's own ids; a Nano clone's usual chip). */
  board?: 'nano' | 'mega';
}

export const KNOWN_USB_DEVICES: readonly KnownUsbDevice[] = [
  // Arduino LLC (arduino.cc)
  { vendorId: '2341', productId: '0043', label: 'Arduino Uno', kind: 'arduino' },
  { vendorId: '2341', productId: '0001', label: 'Arduino Uno', kind: 'arduino' },
  { vendorId: '2341', productId: '0243', label: 'Arduino Uno', kind: 'arduino' },
  { vendorId: '2341', productId: '006a', label: 'Arduino Uno', kind: 'arduino' },
  // Arduino SRL (arduino.org)
  { vendorId: '2a03', productId: '0043', label: 'Arduino Uno', kind: 'arduino' },
  { vendorId: '2a03', productId: '0001', label: 'Arduino Uno', kind: 'arduino' },
  // The Mega 2560 (boards.txt mega.vid.N/mega.pid.N): Arduino LLC and Arduino SRL
  { vendorId: '2341', productId: '0010', label: 'Arduino Mega 2560', kind: 'arduino', board: 'mega' },
  { vendorId: '2341', productId: '0042', label: 'Arduino Mega 2560', kind: 'arduino', board: 'mega' },
  { vendorId: '2341', productId: '0210', label: 'Arduino Mega 2560', kind: 'arduino', board: 'mega' },
  { vendorId: '2341', productId: '0242', label: 'Arduino Mega 2560', kind: 'arduino', board: 'mega' },
  { vendorId: '2a03', productId: '0010', label: 'Arduino Mega 2560', kind: 'arduino', board: 'mega' },
  { vendorId: '2a03', productId: '0042', label: 'Arduino Mega 2560', kind: 'arduino', board: 'mega' },
  // WCH CH340 / CH341 / CH9102: the most common clone bridge; a CH340 is what most Nano clones carry
  { vendorId: '1a86', productId: '7523', label: 'Arduino Nano?', kind: 'clone-chip', board: 'nano' },
  { vendorId: '1a86', productId: '5523', label: 'CH341 clone', kind: 'clone-chip' },
  { vendorId: '1a86', productId: '55d4', label: 'CH9102 clone', kind: 'clone-chip' },
  // FTDI: FT232R (the original Nano, Duemilanove, clones), FT231X
  { vendorId: '0403', productId: '6001', label: 'Arduino Nano?', kind: 'clone-chip', board: 'nano' },
  { vendorId: '0403', productId: '6015', label: 'FTDI FT231X clone', kind: 'clone-chip' },
  // Silicon Labs CP2102 / CP2104
  { vendorId: '10c4', productId: 'ea60', label: 'CP210x clone', kind: 'clone-chip' },
];

/**
 * "0x2A03", "2a03", "2A03" -> "2a03"; "43" -> "0043". Anything that is not 1-4 hex digits
 * (absent, empty, garbage) -> undefined.
 */
export function normalizeUsbId(id: string | undefined | null): string | undefined {
  if (id === undefined || id === null) return undefined;
  const match = /^\s*(?:0x)?([0-9a-f]{1,4})\s*$/i.exec(id);
  return match?.[1] ? match[1].toLowerCase().padStart(4, '0') : undefined;
}

/** The known device with these ids (raw or normalised), if any. */
export function lookupUsbDevice(
  vendorId: string | undefined,
  productId: string | undefined,
): KnownUsbDevice | undefined {
  const vid = normalizeUsbId(vendorId);
  const pid = normalizeUsbId(productId);
  if (vid === undefined || pid === undefined) return undefined;
  return KNOWN_USB_DEVICES.find((d) => d.vendorId === vid && d.productId === pid);
}
