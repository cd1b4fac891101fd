import { InvalidArgumentError } from 'commander';
import { refuseEmptySerialPort } from '../serial/empty-serial-port.js';

interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** A commander argument parser for a number within bounds, with a message that says what fits. */
export function number(rule: NumberRule = {}): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    const fits =
      value.trim() !== '' &&
      Number.isFinite(parsed) &&
      (!rule.integer || Number.isInteger(parsed)) &&
      (rule.min === undefined || parsed >= rule.min) &&
      (rule.max === undefined || parsed <= rule.max);
    if (!fits) throw new InvalidArgumentError(`expected ${describe(rule)}, got "${value}".`);
    return parsed;
  };
}

export const port = number({ integer: true, min: 0, max: 65535 });

/** Where a person who passed a serial port to --port (arduino-cli's `-p` habit) is sent. */
export const SERIAL_PORT_HINT = 'a serial port goes in --serial-port PATH';

/** Plainly a serial port's path: /dev/ttyACM0, /dev/cu.usbmodem1101, COM3, \\.\COM12 (what --board is told it is no board). */
export function isSerialPortPath(value: string): boolean {
  return value.startsWith('/') || /^COM\d+$/i.test(value) || /^\\\\\.\\/.test(value);
}

/** Looks like a serial port's path, not a number: /dev/ttyACM0, ./uno, COM3, a path with a separator (where a TCP port is expected). */
export function looksLikeSerialPort(value: string): boolean {
  return !Number.isFinite(Number(value)) && (isSerialPortPath(value) || /^(\.|COM)/i.test(value) || /[/\\]/.test(value));
}

/** --port of a node (the TCP port it listens on): a serial port's path there is sent to --serial-port. */
export function nodePort(value: string): number {
  if (looksLikeSerialPort(value)) {
    throw new InvalidArgumentError(`expected a TCP port, a whole number from 0 to 65535: ${SERIAL_PORT_HINT} (--port is the node's TCP port).`);
  }
  return port(value);
}

/**
 * --serial-port: never empty (src/serial/empty-serial-port.ts, the library's rule too). A UserError:
 * one line, without commander's usage hint.
 */
export function serialPort(value: string): string {
  return refuseEmptySerialPort(value, '--serial-port');
}
export const pin = number({ integer: true, min: 0, max: 19 });

function describe({ min, max, integer }: NumberRule): string {
  const kind = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  return kind;
}

/** `-o key=value` for a user's sketch: numbers and true/false become values, the rest stay text. */
export function keyValue(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}".`);
  const key = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  if (raw === 'true' || raw === 'false') parsed = raw === 'true';
  else if (raw.trim() !== '' && Number.isFinite(Number(raw))) parsed = Number(raw);
  return { ...previous, [key]: parsed };
}
