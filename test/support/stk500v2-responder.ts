/**
 * An in-memory Arduino Mega 2560 bootloader speaking STK500v2, for tests: written from Atmel's
 * AVR068 (message framing, commands, status bytes) and from what Arduino's stk500v2 bootloader
 * (stk500boot.c, Debian's arduino-core-avr) does with each command:
 *
 * - any sequence number is taken (its _FIX_ISSUE_505_), the reply carries the command's;
 * - a message with a wrong checksum is ignored (no reply);
 * - SIGN_ON answers "AVRISP_2"; GET_PARAMETER SW_MAJOR / SW_MINOR 2 / 10;
 * - LOAD_ADDRESS takes all four bytes as a word address (bit 31 falls off the top when it is
 *   doubled into a byte address); reads and writes step the address on by themselves;
 * - PROGRAM_FLASH_ISP erases the page at an erase counter that starts at 0 and steps one page per
 *   write, whatever the address (so pages must come in order from 0), fills and writes the page;
 *   flash is modelled as flash is: a write can only clear bits, an erase sets them all;
 * - READ_SIGNATURE_ISP answers the byte its 5th byte asks for; SPI_MULTI answers 30 00 n 00 too;
 * - CHIP_ERASE_ISP answers FAILED (its issue 543); unknown commands FAILED.
 *
 * It is a ProgrammerLink (write / 'data' events), like Stk500Responder.
 */
import { EventEmitter } from 'node:events';
import { Cmd, Param, Status, frameMessage, takeMessage } from '../../src/flash/stk500v2-protocol.js';

export interface Stk500v2ResponderOptions {
  /** Default ATmega2560: 1e 98 01. */
  signature?: readonly [number, number, number];
  /** Default 256 KiB. */
  flashSize?: number;
  /** SPM page size. Default 256. */
  pageSize?: number;
  /** Answer READ_SIGNATURE_ISP with FAILED (a bootloader built without it): SPI_MULTI still works. */
  noReadSignatureIsp?: boolean;
  /** The first N writes are lost (the bootloader had not started). */
  dropFirstWrites?: number;
  /** Never answer. */
  silent?: boolean;
  /**
   * The replies to the first N SIGN_ONs are held back and sent just before the reply to the next
   * command that is not a SIGN_ON: a bootloader whose answers to the first attempts arrive late, at a
   * moment that does not depend on the host's timers.
   */
  holdFirstSignOns?: number;
}

export class Stk500v2Responder extends EventEmitter {
  readonly flash: Uint8Array;
  /** Command names received, in order. */
  readonly log: string[] = [];
  /** Every PROGRAM_FLASH_ISP: the byte address written and the data. */
  readonly pagesWritten: Array<{ address: number; data: Uint8Array }> = [];
  /** Every LOAD_ADDRESS, as sent (32 bits). */
  readonly addressesLoaded: number[] = [];
  inProgMode = false;
  /** Left programming mode: stk500boot.c then jumps to the application. */
  left = false;
  private input: Buffer = Buffer.alloc(0);
  /** Byte address, as stk500boot.c keeps it. */
  private address = 0;
  private eraseAddress = 0;
  private writesSeen = 0;
  private signOnsHeld = 0;
  private readonly held: Buffer[] = [];
  private readonly pageSize: number;

  constructor(private readonly options: Stk500v2ResponderOptions = {}) {
    super();
    this.flash = new Uint8Array(options.flashSize ?? 256 * 1024).fill(0xff);
    this.pageSize = options.pageSize ?? 256;
  }

  get isOpen(): boolean {
    return true;
  }

  write(data: Buffer | Uint8Array | number[]): boolean {
    this.writesSeen++;
    if (this.options.silent || this.writesSeen <= (this.options.dropFirstWrites ?? 0)) return true;
    this.input = Buffer.concat([this.input, Buffer.from(data as Uint8Array)]);
    for (;;) {
      const { message, rest } = takeMessage(this.input);
      this.input = rest;
      if (!message) return true;
      if (!message.checksumOk) {
        this.log.push('BAD_CHECKSUM');
        continue;
      }
      const reply = frameMessage(message.sequence, this.handle(message.body));
      if (message.body[0] === Cmd.SIGN_ON && this.signOnsHeld < (this.options.holdFirstSignOns ?? 0)) {
        this.signOnsHeld++;
        this.held.push(reply);
        continue;
      }
      if (message.body[0] !== Cmd.SIGN_ON) for (const late of this.held.splice(0)) this.send(late);
      this.send(reply);
    }
  }

  private handle(body: Buffer): number[] {
    const command = body[0]!;
    const name = Object.entries(Cmd).find(([, code]) => code === command)?.[0] ?? `0x${command.toString(16)}`;
    this.log.push(name);
    switch (command) {
      case Cmd.SIGN_ON:
        return [command, Status.CMD_OK, 8, ...Buffer.from('AVRISP_2', 'latin1')];
      case Cmd.GET_PARAMETER: {
        const value = body[1] === Param.SW_MAJOR ? 2 : body[1] === Param.SW_MINOR ? 10 : body[1] === Param.HW_VER ? 0x0f : 0;
        return [command, Status.CMD_OK, value];
      }
      case Cmd.SET_PARAMETER:
        return [command, Status.CMD_OK];
      case Cmd.ENTER_PROGMODE_ISP:
        this.inProgMode = true;
        return [command, Status.CMD_OK];
      case Cmd.LEAVE_PROGMODE_ISP:
        this.inProgMode = false;
        this.left = true;
        return [command, Status.CMD_OK];
      case Cmd.CHIP_ERASE_ISP:
        this.eraseAddress = 0;
        return [command, Status.CMD_FAILED];
      case Cmd.LOAD_ADDRESS: {
        const loaded = body.readUInt32BE(1);
        this.addressesLoaded.push(loaded);
        this.address = (loaded * 2) % 2 ** 32;
        return [command, Status.CMD_OK];
      }
      case Cmd.PROGRAM_FLASH_ISP: {
        const size = body.readUInt16BE(1);
        const data = body.subarray(10, 10 + size);
        if (this.eraseAddress < this.flash.length - 8 * 1024) {
          this.flash.fill(0xff, this.eraseAddress, this.eraseAddress + this.pageSize);
          this.eraseAddress += this.pageSize;
        }
        this.pagesWritten.push({ address: this.address, data: Uint8Array.from(data) });
        for (const byte of data) {
          if (this.address < this.flash.length) this.flash[this.address] = this.flash[this.address]! & byte;
          this.address++;
        }
        return [command, Status.CMD_OK];
      }
      case Cmd.READ_FLASH_ISP: {
        const size = body.readUInt16BE(1);
        const data = Array.from(this.flash.subarray(this.address, this.address + size));
        this.address += size;
        return [command, Status.CMD_OK, ...data, Status.CMD_OK];
      }
      case Cmd.READ_SIGNATURE_ISP:
        if (this.options.noReadSignatureIsp) return [command, Status.CMD_FAILED];
        return [command, Status.CMD_OK, this.signatureByte(body[4]!), Status.CMD_OK];
      case Cmd.SPI_MULTI: {
        // stk500boot.c: the answer in the 4th byte received back, the instruction's first byte echoed in the 2nd.
        const answer = body[4] === 0x30 ? this.signatureByte(body[6]!) : 0;
        return [command, Status.CMD_OK, 0, body[4]!, 0, answer, Status.CMD_OK];
      }
      default:
        return [command, Status.CMD_FAILED];
    }
  }

  private signatureByte(index: number): number {
    const signature = this.options.signature ?? [0x1e, 0x98, 0x01];
    return signature[Math.min(index, 2)]!;
  }

  private send(bytes: Buffer): void {
    setImmediate(() => this.emit('data', bytes));
  }
}
