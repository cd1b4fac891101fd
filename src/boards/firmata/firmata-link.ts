import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { ByteTransport } from '../../serial/byte-transport.js';
import { FirmataStringReader } from './firmata-string.js';

const require = createRequire(import.meta.url);
/**
 * johnny-five's Board alone: its index (lib/johnny-five.js) loads all 37 of its component classes
 * (accelerometers, GPS, LCDs, motors…), and pinmesh uses none of them, only the Board on its IO.
 * A file requiring the index against one requiring lib/board.js, 10–12 runs each, alternated: 117 →
 * 73 ms of CPU on Node 20, 115 → 73 ms on Node 24, at every start that opens a Firmata board.
 */
const JohnnyFiveBoard = require('johnny-five/lib/board') as typeof import('johnny-five').Board;
const { Firmata } = require('firmata-io') as { Firmata: new (transport: ByteTransport, options?: object) => FirmataIO };

/** The parts of firmata-io's Board that pinmesh reads. */
export interface FirmataIO {
  firmware: { name?: string; version?: { major: number; minor: number } };
  version: { major?: number; minor?: number };
  pins: Array<{ supportedModes: number[]; analogChannel: number }>;
  MODES: Record<string, number>;
  isReady: boolean;
  removeAllListeners(): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  once(event: string, listener: (...args: unknown[]) => void): void;
  removeListener(event: string, listener: (...args: unknown[]) => void): void;
  /** Turns the pin's port reporting on; `listener` hears the pin's level at every report of its port. */
  digitalRead(pin: number, listener: (value: number) => void): void;
  /** Turns reporting of an analog channel on; `listener` hears every reading (0–1023). */
  analogRead(channel: number, listener: (value: number) => void): void;
  /** Attaches a servo to `pin` (Firmata's SERVO_CONFIG), its pulses `min`–`max` µs; the pin is in SERVO mode. */
  servoConfig(pin: number, min: number, max: number): void;
  /** A servo's position: below 544 an angle in degrees, from 544 the pulse width in µs. */
  servoWrite(pin: number, value: number): void;
  /** How often analog inputs are reported, in ms (one interval for the whole board). */
  setSamplingInterval(ms: number): void;
}

/** One live connection to a board: its transport, firmata-io on it, and johnny-five on that. */
export interface FirmataLink {
  transport: ByteTransport;
  io: FirmataIO;
  board: import('johnny-five').Board;
  /** Wall ms from opening the transport to johnny-five's 'ready'. */
  readyMs: number;
}

/**
 * The board closed the connection before answering, and said why first, in a Firmata string (the
 * simulator's TCP port does, turning a second client away): `said` is its text, as the board sent it.
 */
export class ClosedSaying extends Error {
  constructor(readonly said: string) {
    super(`the board closed the connection, saying: ${said}`);
    this.name = 'ClosedSaying';
  }
}

/**
 * Brings up johnny-five on a transport: firmata-io speaks StandardFirmata over it, johnny-five's
 * Board runs on that IO with its REPL and SIGINT handling off (pinmesh owns the process). Resolves
 * at johnny-five's 'ready'; rejects on a transport error, a close (`ClosedSaying` when the board said
 * why first), or `timeoutMs` without an answer.
 */
export function bringUp(transport: ByteTransport, timeoutMs: number, opened: number, reportVersionTimeoutMs = 2_000): Promise<FirmataLink> {
  return new Promise((resolve, reject) => {
    const io = new Firmata(transport, { reportVersionTimeout: Math.min(reportVersionTimeoutMs, timeoutMs) });
    const board = new JohnnyFiveBoard({ io: io as never, repl: false, sigint: false, debug: false, timeout: timeoutMs + 1_000 } as never);
    // What the board said in words before it answered (firmata-io drops it): why it closes, if it does.
    const said = new FirmataStringReader();
    const hear = (bytes: Buffer) => said.push(bytes);
    const fail = (error: Error) => {
      cleanup();
      reject(said.last !== undefined ? new ClosedSaying(said.last) : error);
    };
    const onClose = () => fail(new Error('the connection closed before the board answered'));
    const timer = setTimeout(() => fail(new Error(`no answer from the firmware within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      // johnny-five's own connect timeout and firmata-io's version request are not cleared by a
      // failure: left, they kept a command that had already said why alive for timeoutMs + 1 s more.
      clearTimeout((board as unknown as { timer?: NodeJS.Timeout }).timer);
      clearTimeout((io as unknown as { reportVersionTimeoutId?: NodeJS.Timeout }).reportVersionTimeoutId);
      transport.off('data', hear);
      transport.off('error', fail);
      transport.off('close', onClose);
    };
    transport.on('data', hear);
    transport.once('error', fail);
    transport.once('close', onClose);
    (board as unknown as EventEmitter).once('ready', () => {
      cleanup();
      resolve({ transport, io, board, readyMs: Date.now() - opened });
    });
    // johnny-five reports its own failures as 'error' events on the board.
    board.on('error', (error: Error) => fail(error));
  });
}
