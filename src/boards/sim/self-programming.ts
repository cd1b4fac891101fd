/**
 * Self-programming (SPM) of the ATmega328P (and of the ATmega2560, whose Z is extended by RAMPZ), the one peripheral a bootloader needs that avr8js
 * lacks (its SPM opcodes do nothing): a program in the boot section writes SPMCSR, then executes
 * `spm` as the next instruction, and the flash is erased, filled or written (datasheet §26
 * "Boot Loader Support – Read-While-Write Self-Programming", §26.9 "Self-Programming the Flash").
 *
 * avr8js's hot loop is untouched: SPMCSR's write hook looks at the instruction after the write.
 * If it is `spm`, the operation runs on a clock event one cycle later, i.e. once the writing
 * instruction has retired, at the `spm` (or, if another event went first, just after it: `spm`
 * itself changes no register), with the Z pointer and R1:R0 as they are then:
 *   - SPMEN alone: the word R1:R0 goes into the temporary page buffer at Z[6:1] (ATmega2560: Z[7:1]) (once per word
 *     until the buffer is erased);
 *   - PGERS|SPMEN: the page Z[14:7] (ATmega2560: RAMPZ:Z[15:8]) is erased (all 0xFF);
 *   - PGWRT|SPMEN: the buffer is written into page Z[14:7] (flash cells only go from 1 to 0, so
 *     an unerased page keeps its zeros) and the buffer is erased;
 *   - RWWSRE|SPMEN: the RWW section is readable again (RWWSB clears) and the buffer is erased;
 *   - BLBSET|SPMEN: the boot lock bits are programmed from R0.
 * Erase and write take `flashWriteMs` (tWD_FLASH): SPMEN stays set while they run, which is what
 * bootloaders poll. On the RWW section (the lower 28 KiB) the CPU runs on and RWWSB is set; on the
 * NRWW section the CPU is halted for that time.
 * If the next instruction is `lpm` after BLBSET|SPMEN or SIGRD|SPMEN, that `lpm` reads a fuse or
 * lock byte (Z = 0 low fuse, 1 lock, 2 extended, 3 high) or the signature row (Z = 0, 2, 4),
 * served by patching the flash byte under Z for that one instruction. Bootloaders load Z and R1:R0
 * before they write SPMCSR (avr-libc's boot.h does), so it is all in place at the write.
 * Otherwise SPMEN clears after four cycles, with nothing done. `spm` outside the boot section
 * does nothing, nor does a write or erase of the boot section while its lock bits forbid it
 * (BLB11 programmed). Not simulated: the SPM-ready interrupt (SPMIE) and unreadable RWW flash
 * while RWWSB is set.
 */
import type { CPU } from 'avr8js';
import { ATMEGA328P } from '../../chips/atmega328p.js';
import { bootSectionStart, type Fuses } from './fuses.js';

export interface SelfProgrammingConfig {
  /** SPMCSR's data address (I/O 0x37). */
  SPMCSR: number;
  /** Words per flash page (ATmega328P: 64, i.e. 128 bytes). */
  pageWords: number;
  /** Byte address where the NRWW section starts (ATmega328P: 0x7000): the top 4 KiB. */
  nrwwStart: number;
  /** Page erase and page write time, tWD_FLASH (datasheet Table 28-18: 3.7–4.5 ms). */
  flashWriteMs: number;
  /** The signature row as LPM reads it after SIGRD: byte address → value. */
  signatureRow: Readonly<Record<number, number>>;
  /**
   * RAMPZ's data address (I/O 0x3B) on a chip with more than 64 KiB of flash (the ATmega2560):
   * SPM and ELPM address RAMPZ:Z, so a page above 64 KiB is reached. Absent: Z alone.
   */
  RAMPZ?: number;
}

export const selfProgrammingConfig: SelfProgrammingConfig = {
  SPMCSR: 0x57,
  pageWords: 64,
  nrwwStart: 0x7000,
  flashWriteMs: 4.5,
  signatureRow: { 0: ATMEGA328P.signature[0], 2: ATMEGA328P.signature[1], 4: ATMEGA328P.signature[2] },
};

// SPMCSR bits
const RWWSB = 0x40;
const SIGRD = 0x20;
const RWWSRE = 0x10;
const BLBSET = 0x08;
const PGWRT = 0x04;
const PGERS = 0x02;
const SPMEN = 0x01;
const COMMAND = SIGRD | RWWSRE | BLBSET | PGWRT | PGERS | SPMEN;
/** Cycles after the SPMCSR write within which `spm`/`lpm` must come (datasheet: four). */
const WINDOW_CYCLES = 4;
/** Boot lock bits BLB12..BLB01 in the lock byte (and in R0 for BLBSET). */
const BOOT_LOCK_BITS = 0x3c;
const BLB11 = 0x10;

function isSpm(opcode: number): boolean {
  return opcode === 0x95e8 || opcode === 0x95f8;
}

/** LPM (R0 implied), LPM Rd,Z, LPM Rd,Z+, and their ELPM forms (RAMPZ:Z). */
function isLpm(opcode: number): boolean {
  return opcode === 0x95c8 || opcode === 0x95d8 || (opcode & 0xfe0c) === 0x9004;
}

/** STS is the one two-word instruction that can write SPMCSR. */
function instructionWords(opcode: number): number {
  return (opcode & 0xfe0f) === 0x9200 ? 2 : 1;
}

export class SelfProgramming {
  /** The temporary page buffer, erased to 0xFFFF, and which of its words were loaded. */
  private readonly buffer: Uint16Array;
  private readonly loaded: Uint8Array;
  private readonly bootStart: number;
  private readonly writeCycles: number;
  private lockByte: number;
  /** Pages erased and written since this power-on (for tests and stats). */
  readonly counts = { erased: 0, written: 0, filled: 0 };

  constructor(
    private readonly cpu: CPU,
    private readonly config: SelfProgrammingConfig,
    private readonly fuses: Fuses,
    clockHz: number,
  ) {
    this.buffer = new Uint16Array(config.pageWords).fill(0xffff);
    this.loaded = new Uint8Array(config.pageWords);
    this.bootStart = bootSectionStart(fuses, cpu.progMem.length * 2);
    this.writeCycles = Math.round((config.flashWriteMs * clockHz) / 1000);
    this.lockByte = fuses.lock;
    cpu.writeHooks[config.SPMCSR] = (value, oldValue) => this.written(value, oldValue);
  }

  /** The lock byte now (BLBSET with SPM programs its boot lock bits). */
  get lock(): number {
    return this.lockByte;
  }

  private written(value: number, oldValue: number): boolean {
    const cpu = this.cpu;
    const { SPMCSR } = this.config;
    // Busy with an erase or write: the register does not take a new command until it is done.
    if (oldValue & SPMEN) return true;
    cpu.data[SPMCSR] = (value & ~RWWSB) | (oldValue & RWWSB);
    if (!(value & SPMEN)) return true;
    const command = value & COMMAND;
    const next = cpu.pc + instructionWords(cpu.progMem[cpu.pc]!);
    const opcode = cpu.progMem[next]!;
    if (isSpm(opcode) && next * 2 >= this.bootStart) {
      cpu.addClockEvent(() => this.spm(command, next), 1);
    } else if (isLpm(opcode) && (command === (BLBSET | SPMEN) || command === (SIGRD | SPMEN))) {
      this.lpmReads(command);
    } else {
      cpu.addClockEvent(() => this.done(), WINDOW_CYCLES);
    }
    return true;
  }

  /** The `spm` at `at` executes `command`: now (it is next) or just now (it just ran). */
  private spm(command: number, at: number): void {
    const cpu = this.cpu;
    if (cpu.pc !== at && cpu.pc !== at + 1) return this.done(); // an interrupt came between
    const z = this.zAddress();
    const pageWords = this.config.pageWords;
    switch (command) {
      case SPMEN: {
        const word = (z >> 1) & (pageWords - 1);
        if (!this.loaded[word]) {
          this.buffer[word] = cpu.dataView.getUint16(0, true);
          this.loaded[word] = 1;
          this.counts.filled++;
        }
        return this.done();
      }
      case PGERS | SPMEN:
      case PGWRT | SPMEN: {
        const page = Math.floor(z / (pageWords * 2));
        const first = page * pageWords;
        if (first * 2 >= this.bootStart && !(this.lockByte & BLB11)) return this.done();
        const flash = cpu.progMem;
        if (command & PGERS) {
          flash.fill(0xffff, first, first + pageWords);
          this.counts.erased++;
        } else {
          for (let i = 0; i < pageWords; i++) flash[first + i]! &= this.buffer[i]!;
          this.eraseBuffer();
          this.counts.written++;
        }
        return this.busy(first * 2 < this.config.nrwwStart);
      }
      case RWWSRE | SPMEN:
        this.eraseBuffer();
        cpu.data[this.config.SPMCSR]! &= ~RWWSB;
        return this.done();
      case BLBSET | SPMEN:
        this.lockByte &= cpu.data[0]! | ~BOOT_LOCK_BITS;
        return this.done();
      default:
        return this.done();
    }
  }

  /** An erase or write takes tWD_FLASH: the CPU runs on (RWW section, RWWSB set) or is halted (NRWW). */
  private busy(rww: boolean): void {
    const cpu = this.cpu;
    if (rww) {
      cpu.data[this.config.SPMCSR]! |= RWWSB;
      cpu.addClockEvent(() => this.done(), this.writeCycles);
    } else {
      cpu.cycles += this.writeCycles;
      this.done();
    }
  }

  /** The byte address SPM works on: Z, extended by RAMPZ on a chip that has it. */
  private zAddress(): number {
    const cpu = this.cpu;
    const z = cpu.dataView.getUint16(30, true);
    const { RAMPZ } = this.config;
    return RAMPZ === undefined ? z : cpu.data[RAMPZ]! * 0x10000 + z;
  }

  /** The `lpm` after the write reads a fuse or lock byte, or the signature row, instead of flash. */
  private lpmReads(command: number): void {
    const cpu = this.cpu;
    const z = cpu.dataView.getUint16(30, true);
    const { low, high, extended } = this.fuses;
    const value =
      command & BLBSET ? [low, this.lockByte, extended, high][z & 3]! : (this.config.signatureRow[z & 0xff] ?? 0xff);
    const bytes = cpu.progBytes;
    const original = bytes[z]!;
    bytes[z] = value;
    cpu.addClockEvent(() => {
      bytes[z] = original;
      this.done();
    }, WINDOW_CYCLES);
  }

  private eraseBuffer(): void {
    this.buffer.fill(0xffff);
    this.loaded.fill(0);
  }

  /** The operation is over (or never started): SPMEN and the command bits clear. */
  private done(): void {
    this.cpu.data[this.config.SPMCSR]! &= ~COMMAND;
  }
}
