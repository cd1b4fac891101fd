import type { EventEmitter } from 'node:events';

/**
 * A byte link to a board running StandardFirmata: a serial port, or the simulated Uno's USART.
 * Shaped the way firmata-io expects its transport (an EventEmitter with write(), emitting 'open',
 * 'data', 'close' and 'error'), plus flush() so a caller can know its bytes reached the board.
 *
 * Events: 'open' (once, when bytes can flow), 'data' (Buffer from the board),
 * 'close' (the link is gone: unplugged, cut, or closed), 'error' (Error).
 */
export interface ByteTransport extends EventEmitter {
  /** Human description of where the bytes go: "/dev/ttyACM0", "simulated ATmega328P". */
  readonly description: string;
  readonly isOpen: boolean;
  /** Queue bytes for the board. Never throws; a dead link reports through 'close'/'error'. */
  write(data: Buffer | number[]): boolean;
  /** Resolves once every byte written so far has left the host (been clocked into the board);
   *  rejects if the link died first. */
  flush(): Promise<void>;
  /** Release the link. Idempotent. */
  close(): Promise<void>;
}
