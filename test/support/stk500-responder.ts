/**
 * An in-memory fake Arduino bootloader that speaks STK500v1 the way optiboot does, for tests.
 *
 * It is a ProgrammerLink (write / 'data' events): hand it to flashHex() directly, or put it
 * behind a SerialPortMock port with mockPortFactory(). Replies use the real protocol constants
 * and INSYNC ... OK framing; PROG_PAGE stores into `flash`, READ_PAGE reads it back.
 */
import { EventEmitter } from 'node:events';
import { SerialPortMock, type SerialPortMockOpenOptions } from 'serialport';
import { CRC_EOP, Cmnd, MemType, Parm, Resp } from '../../src/flash/stk500v1-protocol.js';

export interface Stk500ResponderOptions {
  /** READ_SIGN answer. Default ATmega328P: 1e 95 0f. */
  signature?: readonly [number, number, number];
  flashSize?: number;
  /** GET_PARAMETER SW_MAJOR / SW_MINOR answers. Default 4.4 (optiboot on an Uno R3). */
  version?: readonly [number, number];
  /** The bootloader has not started yet: the first N writes are lost. */
  dropFirstWrites?: number;
  /** Never answer anything (not a bootloader, or the wrong baud rate). */
  silent?: boolean;
  /** PROG_PAGE stores this byte address wrongly (bit flip), as a worn flash cell would. */
  corruptWriteAt?: number;
  /** Bytes sent before the first reply, as the old sketch's output would be. */
  noiseBeforeFirstReply?: readonly number[];
  /** Deliver each reply as several 'data' events of at most this many bytes. */
  chunkSize?: number;
  /**
   * The bootloader starts listening this long after the responder is made, as ATmegaBOOT does
   * after flashing the LED: bytes that arrive before wait (as in the UART) and are answered then.
   */
  startupMs?: number;
  /** Each reply leaves this long after its command: a slow bootloader or link. */
  replyDelayMs?: number;
  /**
   * Optiboot's watchdog: once started, the bootloader leaves for the application (silent from then
   * on) when no byte has arrived for this long.
   */
  watchdogMs?: number;
}

/** Bytes of a whole command starting with `command`, or undefined if unknown. */
function commandLength(command: number, input: readonly number[]): number | undefined {
  switch (command) {
    case Cmnd.GET_SYNC:
    case Cmnd.GET_SIGN_ON:
    case Cmnd.ENTER_PROGMODE:
    case Cmnd.LEAVE_PROGMODE:
    case Cmnd.CHIP_ERASE:
    case Cmnd.READ_SIGN:
      return 2;
    case Cmnd.GET_PARAMETER:
      return 3;
    case Cmnd.LOAD_ADDRESS:
      return 4;
    case Cmnd.READ_PAGE:
      return 5;
    case Cmnd.UNIVERSAL:
      return 6;
    case Cmnd.SET_DEVICE_EXT:
      return 7;
    case Cmnd.SET_DEVICE:
      return 22;
    case Cmnd.PROG_PAGE: {
      if (input.length < 3) return Infinity; // wait for the length bytes
      return 5 + ((input[1]! << 8) | input[2]!);
    }
    default:
      return undefined;
  }
}

export class Stk500Responder extends EventEmitter {
  readonly flash: Uint8Array;
  /** Names of the commands received, in order ("GET_SYNC", "PROG_PAGE", ...). */
  readonly log: string[] = [];
  /** Bytes received in total (including dropped ones). */
  bytesReceived = 0;
  inProgMode = false;
  /** Word address set by LOAD_ADDRESS. */
  private wordAddress = 0;
  private input: number[] = [];
  private writesSeen = 0;
  private repliedOnce = false;
  private started: boolean;
  private watchdog: NodeJS.Timeout | undefined;
  /** The watchdog fired: the bootloader started the application, which ignores the host. */
  leftForApplication = false;

  constructor(private readonly options: Stk500ResponderOptions = {}) {
    super();
    this.flash = new Uint8Array(options.flashSize ?? 32 * 1024).fill(0xff);
    this.started = !options.startupMs;
    if (options.startupMs) {
      setTimeout(() => {
        this.started = true;
        this.feedWatchdog();
        this.process();
      }, options.startupMs).unref();
    } else {
      this.feedWatchdog();
    }
  }

  private feedWatchdog(): void {
    const ms = this.options.watchdogMs;
    if (ms === undefined || this.leftForApplication) return;
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.leftForApplication = true;
      this.log.push('WATCHDOG');
    }, ms).unref();
  }

  get isOpen(): boolean {
    return true;
  }

  /** The host writes a command (or part of one). */
  write(data: Buffer | number[]): boolean {
    const bytes = Array.from(data);
    this.bytesReceived += bytes.length;
    this.writesSeen += 1;
    if (this.options.silent || this.leftForApplication) return true;
    if (this.writesSeen <= (this.options.dropFirstWrites ?? 0)) return true;
    if (this.started) this.feedWatchdog();
    this.input.push(...bytes);
    if (this.started) this.process();
    return true;
  }

  /** Simulates the board going away (unplugged). */
  unplug(): void {
    this.emit('close', new Error('unplugged'));
  }

  private process(): void {
    for (;;) {
      const command = this.input[0];
      if (command === undefined) return;
      const length = commandLength(command, this.input);
      if (length === undefined) {
        // Unknown command: STK500 answers UNKNOWN once the EOP arrives; drop the byte otherwise.
        if (this.input[1] === undefined) return;
        this.input.splice(0, 1);
        if (this.input[0] === CRC_EOP) {
          this.input.splice(0, 1);
          this.reply([Resp.UNKNOWN]);
        }
        continue;
      }
      if (this.input.length < length) return;
      const frame = this.input.splice(0, length);
      if (frame[length - 1] !== CRC_EOP) {
        this.log.push('NOSYNC');
        this.reply([Resp.NOSYNC]);
        continue;
      }
      this.handle(frame);
    }
  }

  private handle(frame: number[]): void {
    const command = frame[0]!;
    const ok = (payload: number[] = []): void => this.reply([Resp.INSYNC, ...payload, Resp.OK]);
    switch (command) {
      case Cmnd.GET_SYNC:
        this.log.push('GET_SYNC');
        return ok();
      case Cmnd.GET_PARAMETER: {
        this.log.push('GET_PARAMETER');
        const [major, minor] = this.options.version ?? [4, 4];
        const parameter = frame[1];
        return ok([parameter === Parm.SW_MAJOR ? major : parameter === Parm.SW_MINOR ? minor : 0x03]);
      }
      case Cmnd.READ_SIGN:
        this.log.push('READ_SIGN');
        return ok([...(this.options.signature ?? [0x1e, 0x95, 0x0f])]);
      case Cmnd.ENTER_PROGMODE:
        this.log.push('ENTER_PROGMODE');
        this.inProgMode = true;
        return ok();
      case Cmnd.LEAVE_PROGMODE:
        this.log.push('LEAVE_PROGMODE');
        this.inProgMode = false;
        return ok();
      case Cmnd.LOAD_ADDRESS:
        this.log.push('LOAD_ADDRESS');
        this.wordAddress = frame[1]! | (frame[2]! << 8);
        return ok();
      case Cmnd.PROG_PAGE: {
        this.log.push('PROG_PAGE');
        const length = (frame[1]! << 8) | frame[2]!;
        if (frame[3] !== MemType.FLASH || !this.inProgMode) return this.reply([Resp.INSYNC, Resp.FAILED]);
        const start = this.wordAddress * 2;
        const data = frame.slice(4, 4 + length);
        data.forEach((byte, i) => {
          const address = start + i;
          this.flash[address] = address === this.options.corruptWriteAt ? byte ^ 0x04 : byte;
        });
        return ok();
      }
      case Cmnd.READ_PAGE: {
        this.log.push('READ_PAGE');
        const length = (frame[1]! << 8) | frame[2]!;
        const start = this.wordAddress * 2;
        return ok(Array.from(this.flash.subarray(start, start + length)));
      }
      case Cmnd.UNIVERSAL:
        this.log.push('UNIVERSAL');
        return ok([0x00]);
      default:
        // SET_DEVICE, SET_DEVICE_EXT, CHIP_ERASE, GET_SIGN_ON: accepted and ignored, as optiboot does.
        this.log.push(`0x${command.toString(16)}`);
        return ok();
    }
  }

  /** Replies arrive asynchronously, as from a real board, possibly in several 'data' events. */
  private reply(bytes: number[]): void {
    const out = [...bytes];
    if (!this.repliedOnce && this.options.noiseBeforeFirstReply) out.unshift(...this.options.noiseBeforeFirstReply);
    this.repliedOnce = true;
    const chunkSize = this.options.chunkSize ?? out.length;
    const send = (): void => {
      for (let i = 0; i < out.length; i += chunkSize) this.emit('data', Buffer.from(out.slice(i, i + chunkSize)));
    };
    if (this.options.replyDelayMs) setTimeout(send, this.options.replyDelayMs).unref();
    else setImmediate(send);
  }
}

/**
 * A SerialPortMock factory (for openSerialTransport / flashSerialPort's `createPort`) whose port
 * is wired to `responder`: bytes written to the port reach the responder, its replies arrive as
 * bytes read from the port. Create the mock port first: SerialPortMock.binding.createPort(path).
 */
export function mockPortFactory(responder: Stk500Responder): (options: SerialPortMockOpenOptions) => SerialPortMock {
  return (options) => {
    const port = new SerialPortMock(options);
    port.once('open', () => {
      const binding = port.port;
      if (!binding) return;
      const write = binding.write.bind(binding);
      binding.write = async (buffer: Buffer): Promise<void> => {
        await write(buffer);
        responder.write(buffer);
      };
      const forward = (data: Buffer): void => {
        if (binding.isOpen) binding.emitData(data);
      };
      responder.on('data', forward);
      port.once('close', () => responder.off('data', forward));
    });
    return port;
  };
}
