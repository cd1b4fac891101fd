import { hex8 } from '../hex-format.js';
import { Stk500Error, type Programmer, type ProgrammerOptions } from './programmer.js';
import { DRAIN_MAX_MS, programmerSettings, readReply, retrySync, type ProgrammerSettings } from './programmer-common.js';
import { ReplyReader, type ProgrammerLink } from './reply-reader.js';
import { Parm, Resp, commands, type Stk500Command } from './stk500v1-protocol.js';

const now = (): number => performance.now();

/** A reply's first byte must be INSYNC; NOSYNC and anything else fail `commandName`, saying which. */
function expectInsync(commandName: string, first: number): void {
  if (first === Resp.NOSYNC) throw new Stk500Error(commandName, 'nosync', 'the bootloader answered NOSYNC (out of sync)');
  if (first !== Resp.INSYNC) throw new Stk500Error(commandName, 'garbled', `expected INSYNC (0x14), got ${hex8(first)}`);
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
   * attempts. Resolves with the number of attempts after the two draining ones.
   *
   * Beyond avrdude, it ends in step (alignAfterSync): a bootloader that answered late, or answered
   * at once a burst of GET_SYNCs it kept while starting, may still owe replies to earlier GET_SYNCs,
   * which must not be taken for the next command's reply. Counting them and waiting for each is no
   * way: a GET_SYNC that reached the old sketch before the reset is never answered, and a second
   * of silence is all optiboot's watchdog allows before it starts the application.
   */
  async sync(): Promise<number> {
    const sendSync = (): void => {
      this.link.write(commands.getSync().bytes);
    };
    const drain = async (): Promise<void> => {
      await this.reader.drain(this.settings.drainQuietMs, DRAIN_MAX_MS);
    };

    await drain();
    for (let i = 0; i < 2; i++) {
      sendSync();
      await drain();
    }
    const attempts = await retrySync('GET_SYNC', this.settings, drain, async () => {
      sendSync();
      await this.awaitSyncReply(now() + this.settings.syncTimeoutMs);
    });
    await this.alignAfterSync();
    return attempts;
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
    expectInsync(command.name, first!);
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
   * Sends GET_PARAMETER (SW_MAJOR) and reads its reply, INSYNC value OK, skipping the GET_SYNC
   * replies (INSYNC OK) still in the line before it. They are told apart by the byte after OK: a
   * stale reply is followed by the next reply's INSYNC, the parameter's by nothing (and a value of
   * 0x10, INSYNC OK OK, is still the parameter). Replies come in the order of their commands, so
   * once it is read, nothing older is left. The bootloader hears from the host at once, too.
   */
  private async alignAfterSync(): Promise<void> {
    const command = commands.getParameter(Parm.SW_MAJOR);
    this.link.write(command.bytes);
    const deadline = now() + this.settings.replyTimeoutMs;
    let [first] = await this.read(command.name, 1, deadline);
    for (;;) {
      expectInsync(command.name, first!);
      const [value, last] = await this.read(command.name, 2, deadline);
      if (last === Resp.OK) return;
      if (value !== Resp.OK || last !== Resp.INSYNC) {
        throw new Stk500Error(command.name, 'garbled', `expected OK (0x10), got ${hex8(last!)}`);
      }
      first = last; // a GET_SYNC's late reply; `last` begins the next one
    }
  }

  private read(commandName: string, length: number, deadline: number): Promise<Buffer> {
    return readReply(this.reader, commandName, length, deadline);
  }
}
