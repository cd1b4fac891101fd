import { hex8 } from '../hex-format.js';
import { Resp, commands, type Stk500Command } from './protocol.js';
import { LinkClosedError, ReplyReader, ReplyTimeoutError, type ProgrammerLink } from './reply-reader.js';

export interface Stk500Timeouts {
  /** Time allowed for each reply. Default 1000 ms. */
  replyTimeoutMs?: number;
  /** GET_SYNC attempts before concluding no bootloader listens. Default 10, as avrdude. */
  syncAttempts?: number;
  /** Time allowed for each GET_SYNC reply. Default 300 ms. */
  syncTimeoutMs?: number;
}

export type Stk500ErrorKind =
  /** No (complete) reply in time. */
  | 'timeout'
  /** The bootloader answered NOSYNC: it lost track of command boundaries. */
  | 'nosync'
  /** The bootloader answered FAILED. */
  | 'failed'
  /** Bytes that are not a well-formed reply. */
  | 'garbled'
  /** The link closed while waiting. */
  | 'closed';

/** A command did not get a proper reply. flash.ts turns these into advice. */
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

const now = (): number => performance.now();

/**
 * The host side of STK500v1, one method per bootloader command. Owns a ReplyReader on the link
 * until dispose(). Commands must not overlap (await each one).
 */
export class Stk500v1Programmer {
  private readonly reader: ReplyReader;
  private readonly replyTimeoutMs: number;
  private readonly syncAttempts: number;
  private readonly syncTimeoutMs: number;

  constructor(
    private readonly link: ProgrammerLink,
    timeouts: Stk500Timeouts = {},
  ) {
    this.reader = new ReplyReader(link);
    this.replyTimeoutMs = timeouts.replyTimeoutMs ?? 1000;
    this.syncAttempts = Math.max(1, timeouts.syncAttempts ?? 10);
    this.syncTimeoutMs = timeouts.syncTimeoutMs ?? 300;
  }

  /**
   * Sends GET_SYNC until the bootloader answers INSYNC OK. Bytes before INSYNC (noise, the old
   * sketch's output) are skipped. Resolves with the number of attempts it took.
   */
  async sync(): Promise<number> {
    let last: Stk500Error | undefined;
    for (let attempt = 1; attempt <= this.syncAttempts; attempt++) {
      this.reader.discard();
      this.link.write(commands.getSync().bytes);
      try {
        await this.awaitSyncReply(now() + this.syncTimeoutMs);
        return attempt;
      } catch (error) {
        if (!(error instanceof Stk500Error) || error.kind === 'closed') throw error;
        last = error;
      }
    }
    throw new Stk500Error(
      'GET_SYNC',
      last?.kind ?? 'timeout',
      `no answer after ${this.syncAttempts} attempts (${last?.message ?? 'no reply'})`,
    );
  }

  async getParameter(parameter: number): Promise<number> {
    const payload = await this.transact(commands.getParameter(parameter));
    return payload[0]!;
  }

  /** The chip's three signature bytes, e.g. 1e 95 0f for an ATmega328P. */
  async readSignature(): Promise<Buffer> {
    return this.transact(commands.readSignature());
  }

  async enterProgMode(): Promise<void> {
    await this.transact(commands.enterProgMode());
  }

  /** Optiboot then starts the application (through a watchdog reset). */
  async leaveProgMode(timeoutMs?: number): Promise<void> {
    await this.transact(commands.leaveProgMode(), timeoutMs);
  }

  /** Sets the address for the next PROG_PAGE / READ_PAGE. `byteAddress` must be even. */
  async loadAddress(byteAddress: number): Promise<void> {
    if (byteAddress % 2 !== 0 || byteAddress < 0 || byteAddress > 0x1ffff) {
      throw new RangeError(`LOAD_ADDRESS needs an even byte address up to 0x1fffe, got ${byteAddress}`);
    }
    await this.transact(commands.loadAddress(byteAddress >> 1));
  }

  /** Writes one flash page (the bootloader erases it first). */
  async programPage(byteAddress: number, data: Uint8Array): Promise<void> {
    await this.loadAddress(byteAddress);
    await this.transact(commands.progPage(data));
  }

  /** Reads `length` bytes of flash from `byteAddress`. */
  async readPage(byteAddress: number, length: number): Promise<Buffer> {
    await this.loadAddress(byteAddress);
    return this.transact(commands.readPage(length));
  }

  /** Stops listening to the link. */
  dispose(): void {
    this.reader.dispose();
  }

  /** Sends a command and returns the reply payload (between INSYNC and OK). */
  private async transact(command: Stk500Command, timeoutMs = this.replyTimeoutMs): Promise<Buffer> {
    this.link.write(command.bytes);
    const deadline = now() + timeoutMs;
    const [first] = await this.read(command.name, 1, deadline);
    if (first === Resp.NOSYNC) {
      throw new Stk500Error(command.name, 'nosync', 'the bootloader answered NOSYNC (out of sync)');
    }
    if (first !== Resp.INSYNC) {
      throw new Stk500Error(command.name, 'garbled', `expected INSYNC (0x14), got ${hex8(first!)}`);
    }
    const rest = await this.read(command.name, command.replyPayloadLength + 1, deadline);
    const last = rest[rest.length - 1]!;
    if (last === Resp.FAILED) {
      throw new Stk500Error(command.name, 'failed', 'the bootloader answered FAILED');
    }
    if (last !== Resp.OK) {
      throw new Stk500Error(command.name, 'garbled', `expected OK (0x10), got ${hex8(last)}`);
    }
    return rest.subarray(0, rest.length - 1);
  }

  /** Waits for INSYNC followed by OK, skipping whatever comes before (noise may contain 0x14). */
  private async awaitSyncReply(deadline: number): Promise<void> {
    let previous: number | undefined;
    for (;;) {
      const [byte] = await this.read('GET_SYNC', 1, deadline);
      if (previous === Resp.INSYNC && byte === Resp.OK) return;
      previous = byte;
    }
  }

  private async read(commandName: string, length: number, deadline: number): Promise<Buffer> {
    try {
      return await this.reader.read(length, Math.max(0, deadline - now()));
    } catch (error) {
      if (error instanceof ReplyTimeoutError) {
        throw new Stk500Error(commandName, 'timeout', error.message);
      }
      if (error instanceof LinkClosedError) {
        throw new Stk500Error(commandName, 'closed', error.message);
      }
      throw error;
    }
  }
}
