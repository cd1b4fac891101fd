import { hex8 } from '../hex-format.js';
import { Stk500Error, type Programmer, type ProgrammerOptions } from './programmer.js';
import { DRAIN_MAX_MS, programmerSettings, readReply, retrySync, type ProgrammerSettings } from './programmer-common.js';
import { ReplyReader, type ProgrammerLink } from './reply-reader.js';
import { Cmd, EXTENDED_ADDRESS_FLAG, Param, Status, bodies, frameMessage, takeMessage } from './stk500v2-protocol.js';

const now = (): number => performance.now();

const COMMAND_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Cmd).map(([name, code]) => [code, name]));

function commandName(command: number): string {
  return COMMAND_NAMES[command] ?? hex8(command);
}

function statusText(status: number | undefined): string {
  switch (status) {
    case Status.CMD_FAILED:
      return 'the bootloader answered STATUS_CMD_FAILED';
    case Status.CMD_UNKNOWN:
      return 'the bootloader does not know this command (STATUS_CMD_UNKNOWN)';
    case Status.CKSUM_ERROR:
      return 'the bootloader saw a wrong checksum (STATUS_CKSUM_ERROR)';
    case Status.CMD_TOUT:
      return 'the command timed out in the bootloader (STATUS_CMD_TOUT)';
    default:
      return `the bootloader answered status ${status === undefined ? 'nothing' : hex8(status)}`;
  }
}

export interface Stk500v2ProgrammerOptions extends ProgrammerOptions {
  /** Flash over 64 KiB (the ATmega2560's 256 KiB): LOAD_ADDRESS carries bit 31, as avrdude sends it. Default true. */
  extendedAddresses?: boolean;
}

/**
 * The host side of STK500v2 (AVR068) as avrdude's `-c wiring` speaks it to the Mega 2560's
 * bootloader. Owns a ReplyReader on the link until dispose().
 */
export class Stk500v2Programmer implements Programmer {
  readonly protocol = 'stk500v2';
  /** stk500boot.c erases the page at a counter that starts at 0 and steps one page per PROGRAM_FLASH_ISP. */
  readonly writesPagesFromZero = true;
  private readonly reader: ReplyReader;
  private readonly settings: ProgrammerSettings;
  private readonly extendedAddresses: boolean;
  /** avrdude starts at 1 and steps it at each reply received; the bootloader answers with the number it was sent. */
  private sequence = 1;
  /** Bytes received and not yet made into a message. */
  private pending: Buffer = Buffer.alloc(0);
  /** The bootloader's name from SIGN_ON ("AVRISP_2" for the Mega's). */
  signOnName = '';

  constructor(
    private readonly link: ProgrammerLink,
    options: Stk500v2ProgrammerOptions = {},
  ) {
    this.reader = new ReplyReader(link);
    // avrdude's stk500v2.c: RETRIES 5, so 6 tries.
    this.settings = programmerSettings(options, 6);
    this.extendedAddresses = options.extendedAddresses ?? true;
  }

  /**
   * Reaches the bootloader as avrdude's wiring_open and stk500v2_getsync do: drain, then CMD_SIGN_ON
   * until a reply with STATUS_CMD_OK comes (avrdude tries 6 times). Replies to earlier attempts
   * carry the same sequence number and say the same; later commands' numbers tell stale replies apart.
   */
  async sync(): Promise<number> {
    await this.drain();
    return retrySync('SIGN_ON', this.settings, () => this.drain(), async () => {
      const reply = await this.command(bodies.signOn(), this.settings.syncTimeoutMs);
      this.signOnName = reply.subarray(3, 3 + (reply[2] ?? 0)).toString('latin1');
    });
  }

  async getParameter(parameter: number): Promise<number> {
    const reply = await this.command(bodies.getParameter(parameter));
    return this.replyByte(reply, 2, 'GET_PARAMETER');
  }

  async readVersion(): Promise<string> {
    const major = await this.getParameter(Param.SW_MAJOR);
    const minor = await this.getParameter(Param.SW_MINOR);
    return `${major}.${minor}`;
  }

  /**
   * CMD_READ_SIGNATURE_ISP for each byte, as avrdude reads it; a bootloader without it (one that
   * answers FAILED or UNKNOWN) is asked through CMD_SPI_MULTI, which stk500boot.c also answers.
   */
  async readSignature(): Promise<Uint8Array> {
    const signature = new Uint8Array(3);
    for (let index = 0; index < 3; index++) {
      try {
        signature[index] = this.replyByte(await this.command(bodies.readSignatureByte(index)), 2, 'READ_SIGNATURE_ISP');
      } catch (error) {
        if (!(error instanceof Stk500Error) || error.kind !== 'failed') throw error;
        signature[index] = this.replyByte(await this.command(bodies.spiMultiSignatureByte(index)), 5, 'SPI_MULTI');
      }
    }
    return signature;
  }

  async enterProgMode(): Promise<void> {
    await this.command(bodies.enterProgMode());
  }

  /** The Mega's bootloader then starts the application. */
  async leaveProgMode(): Promise<void> {
    await this.command(bodies.leaveProgMode());
  }

  /** Sets the address of the next PROGRAM_FLASH_ISP / READ_FLASH_ISP (the bootloader steps it by itself after each). */
  async loadAddress(byteAddress: number): Promise<void> {
    if (byteAddress % 2 !== 0 || byteAddress < 0 || byteAddress > 0x1_ffff_fffe) {
      throw new RangeError(`LOAD_ADDRESS needs an even byte address, got ${byteAddress}`);
    }
    const wordAddress = byteAddress / 2;
    await this.command(bodies.loadAddress((this.extendedAddresses ? EXTENDED_ADDRESS_FLAG : 0) + wordAddress));
  }

  async programPage(byteAddress: number, data: Uint8Array): Promise<void> {
    await this.loadAddress(byteAddress);
    await this.command(bodies.programFlash(data));
  }

  async readPage(byteAddress: number, length: number): Promise<Uint8Array> {
    await this.loadAddress(byteAddress);
    const reply = await this.command(bodies.readFlash(length));
    // READ_FLASH_ISP, STATUS_CMD_OK, the data, STATUS_CMD_OK.
    if (reply.length !== length + 3 || reply[length + 2] !== Status.CMD_OK) {
      throw new Stk500Error('READ_FLASH_ISP', 'garbled', `expected ${length} bytes of flash, got a ${reply.length}-byte reply`);
    }
    return reply.subarray(2, 2 + length);
  }

  dispose(): void {
    this.reader.dispose();
  }

  private replyByte(reply: Buffer, index: number, name: string): number {
    const byte = reply[index];
    if (byte === undefined) throw new Stk500Error(name, 'garbled', `a ${reply.length}-byte reply is too short`);
    return byte;
  }

  private async drain(): Promise<void> {
    await this.reader.drain(this.settings.drainQuietMs, DRAIN_MAX_MS);
    this.pending = Buffer.alloc(0);
  }

  /**
   * Sends one command and returns the body of its reply (command, status, data). Messages with
   * another sequence number (late replies to earlier commands) are skipped, as avrdude does.
   */
  private async command(body: number[], timeoutMs = this.settings.replyTimeoutMs): Promise<Buffer> {
    const name = commandName(body[0]!);
    this.link.write(frameMessage(this.sequence, body));
    const deadline = now() + timeoutMs;
    for (;;) {
      const { message, rest } = takeMessage(this.pending);
      this.pending = rest;
      if (!message) {
        this.pending = Buffer.concat([this.pending, await this.read(name, deadline)]);
        continue;
      }
      if (message.sequence !== this.sequence) continue;
      if (!message.checksumOk) throw new Stk500Error(name, 'garbled', 'the reply has a wrong checksum');
      if (message.body[0] !== body[0]) {
        throw new Stk500Error(name, 'garbled', `the reply is for ${commandName(message.body[0] ?? -1)}`);
      }
      this.sequence = (this.sequence + 1) & 0xff;
      const status = message.body[1];
      if (status !== Status.CMD_OK) throw new Stk500Error(name, 'failed', statusText(status));
      return message.body;
    }
  }

  /** Whatever has arrived, at least one byte. */
  private async read(name: string, deadline: number): Promise<Buffer> {
    const first = await readReply(this.reader, name, 1, deadline);
    return Buffer.concat([first, this.reader.takeBuffered()]);
  }
}
