import { hex8 } from '../hex-format.js';
import { Stk500Error, type Programmer, type ProgrammerOptions } from './programmer.js';
import { DRAIN_MAX_MS, programmerSettings, readReply, retrySync, type ProgrammerSettings } from './programmer-common.js';
import { LinkClosedError, ReplyReader, ReplyTimeoutError, type ProgrammerLink } from './reply-reader.js';
import { Parm, Resp, commands, type Stk500Command } from './stk500v1-protocol.js';

const now = (): number => performance.now();

/** GET_SYNC replies (INSYNC OK) among `bytes`. */
function syncReplies(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === Resp.INSYNC && bytes[i + 1] === Resp.OK) {
      count++;
      i++;
    }
  }
  return count;
}

/**
 * The host side of STK500v1 (AVR061) as avrdude's `-c arduino` speaks it, one method per
 * bootloader command. Owns a ReplyReader on the link until dispose().
 */
export class Stk500v1Programmer implements Programmer {
  readonly protocol = 'stk500v1';
  readonly writesPagesFromZero = false;
  private readonly reader: ReplyReader;
  private readonly settings: ProgrammerSettings;

  constructor(
    private readonly link: ProgrammerLink,
    options: ProgrammerOptions = {},
  ) {
    this.reader = new ReplyReader(link);
    // avrdude's stk500.c: MAX_SYNC_ATTEMPTS 10.
    this.settings = programmerSettings(options, 10);
  }

  /**
   * Reaches the bootloader as avrdude's stk500_getsync does: drain what the old sketch sent; send
   * GET_SYNC and drain, twice (line noise; it wakes a bootloader still flashing its LED); then send
   * GET_SYNC until INSYNC OK answers, resetting the board (beforeSyncRetry) and draining between
   * attempts. Beyond avrdude: a bootloader that answers late (or answers a burst of GET_SYNCs it
   * kept while starting) would leave replies owed to earlier GET_SYNCs in the line, to be taken
   * for the next command's reply; they are counted and waited for before sync() resolves.
   * Resolves with the number of attempts after the two draining ones.
   */
  async sync(): Promise<number> {
    let sent = 0;
    let answered = 0;
    const sendSync = (): void => {
      this.link.write(commands.getSync().bytes);
      sent++;
    };
    const drain = async (): Promise<void> => {
      answered += syncReplies(await this.reader.drain(this.settings.drainQuietMs, DRAIN_MAX_MS));
    };

    await drain();
    for (let i = 0; i < 2; i++) {
      sendSync();
      await drain();
    }
    return retrySync('GET_SYNC', this.settings, drain, async () => {
      sendSync();
      await this.awaitSyncReply(now() + this.settings.syncTimeoutMs);
      answered++;
      await this.awaitOwedSyncReplies(sent - answered);
    });
  }

  async getParameter(parameter: number): Promise<number> {
    const payload = await this.transact(commands.getParameter(parameter));
    return payload[0]!;
  }

  async readVersion(): Promise<string> {
    const major = await this.getParameter(Parm.SW_MAJOR);
    const minor = await this.getParameter(Parm.SW_MINOR);
    return `${major}.${minor}`;
  }

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

  dispose(): void {
    this.reader.dispose();
  }

  /** Sends a command and returns the reply payload (between INSYNC and OK). */
  private async transact(command: Stk500Command, timeoutMs = this.settings.replyTimeoutMs): Promise<Buffer> {
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

  /**
   * Reads away the replies still owed to earlier GET_SYNCs, waiting up to a sync timeout for each
   * (a GET_SYNC the bootloader never saw is never answered: then this waits once, in vain).
   */
  private async awaitOwedSyncReplies(owed: number): Promise<void> {
    let seen = Buffer.alloc(0);
    while (syncReplies(seen) < owed) {
      try {
        const more = await this.reader.read(1, this.settings.syncTimeoutMs);
        seen = Buffer.concat([seen, more, this.reader.takeBuffered()]);
      } catch (error) {
        if (error instanceof ReplyTimeoutError) return;
        if (error instanceof LinkClosedError) throw new Stk500Error('GET_SYNC', 'closed', error.message);
        throw error;
      }
    }
  }

  private read(commandName: string, length: number, deadline: number): Promise<Buffer> {
    return readReply(this.reader, commandName, length, deadline);
  }
}
