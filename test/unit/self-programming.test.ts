import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATMEGA328P_UNO, MCUSR, Mcu, ResetFlag } from '../../src/boards/sim/mcu.js';
import { bootSectionStart, fusesForBootloader, NO_BOOTLOADER_FUSES } from '../../src/boards/sim/fuses.js';
import { ATMEGA2560_MEGA } from '../../src/boards/sim/atmega2560-mega.js';

// ATmega328P datasheet §26 (Boot Loader Support – Read-While-Write Self-Programming), written as
// tiny programs placed in the boot section, run on the simulated MCU the way a bootloader runs.

const FLASH_WORDS = ATMEGA328P_UNO.flashBytes / 2;
const BOOT_BYTE = 0x7800; // ATmegaBOOT's 2 KiB boot section (BOOTSZ = 01)
const SPMCSR_IO = 0x37;
const SPMEN = 0x01;
const PGERS = 0x02;
const PGWRT = 0x04;
const BLBSET = 0x08;
const RWWSRE = 0x10;
const SIGRD = 0x20;
const RWWSB = 0x40;

// The few instructions the programs use, encoded as the AVR instruction set manual gives them.
const ldi = (d: number, k: number): number[] => [0xe000 | ((k & 0xf0) << 4) | ((d - 16) << 4) | (k & 0x0f)];
const out = (io: number, r: number): number[] => [0xb800 | ((io & 0x30) << 5) | (r << 4) | (io & 0x0f)];
const sts = (address: number, r: number): number[] => [0x9200 | (r << 4), address];
const movw = (d: number, r: number): number[] => [0x0100 | ((d / 2) << 4) | (r / 2)];
const spm = [0x95e8];
const lpm = (d: number): number[] => [0x9004 | (d << 4)];
const nop = [0x0000];
const loop = [0xcfff]; // rjmp .-2: stay here
const inIo = (d: number, io: number): number[] => [0xb000 | ((io & 0x30) << 5) | (d << 4) | (io & 0x0f)];
const sbrc = (r: number, bit: number): number[] => [0xfc00 | (r << 4) | bit];
/** Polls SPMEN until the erase or write is done, as every bootloader does (boot_spm_busy_wait). */
const waitSpm = [...inIo(16, SPMCSR_IO), ...sbrc(16, 0), 0xcffd /* rjmp back to the in */];
/** Z = address, R1:R0 = word. */
const z = (address: number): number[] => [...ldi(30, address & 0xff), ...ldi(31, address >> 8)];
const word = (value: number): number[] => [...ldi(16, value & 0xff), ...ldi(17, value >> 8), ...movw(0, 16)];
/** Writes SPMCSR (with OUT, as boot.h does) and executes SPM right after. */
const doSpm = (command: number): number[] => [...ldi(18, command), ...out(SPMCSR_IO, 18), ...spm];

function boardWith(program: number[], options: { at?: number; application?: number[] } = {}): Mcu {
  const flash = new Uint16Array(FLASH_WORDS).fill(0xffff);
  flash.set(options.application ?? [], 0);
  flash.set([...program, ...loop], (options.at ?? BOOT_BYTE) / 2);
  return new Mcu(flash, ATMEGA328P_UNO, { fuses: fusesForBootloader(BOOT_BYTE, ATMEGA328P_UNO.flashBytes) });
}

/** Runs until the program reaches its closing loop (and any erase or write has finished). */
function runToEnd(mcu: Mcu, ms = 10): void {
  mcu.runUntil(mcu.cycles + (ms * ATMEGA328P_UNO.clockHz) / 1000);
}

const flashWords = (mcu: Mcu, byteAddress: number, count: number): number[] =>
  Array.from(mcu.cpu.progMem.subarray(byteAddress / 2, byteAddress / 2 + count));

describe('self-programming (SPM) on the simulated ATmega328P', () => {
  it('reset starts the boot section when BOOTRST is programmed, and 0 when it is not', () => {
    const flash = new Uint16Array(FLASH_WORDS).fill(0xffff);
    const fuses = fusesForBootloader(BOOT_BYTE, ATMEGA328P_UNO.flashBytes);
    assert.equal(fuses.high, 0xda, 'a 2 KiB boot section with BOOTRST: the Nano/Duemilanove fuses');
    assert.equal(fusesForBootloader(0x7e00, ATMEGA328P_UNO.flashBytes).high, 0xde, "the Uno's optiboot fuses");
    assert.equal(bootSectionStart(fuses, ATMEGA328P_UNO.flashBytes), BOOT_BYTE);
    assert.equal(new Mcu(flash, ATMEGA328P_UNO, { fuses }).cpu.pc, BOOT_BYTE / 2);
    assert.equal(new Mcu(flash, ATMEGA328P_UNO, { fuses: NO_BOOTLOADER_FUSES }).cpu.pc, 0);
    assert.throws(() => fusesForBootloader(0x6000, ATMEGA328P_UNO.flashBytes), /top 4096 bytes/);
  });

  it('MCUSR tells the reset cause: power-on by default, as given otherwise', () => {
    const flash = new Uint16Array(FLASH_WORDS).fill(0xffff);
    assert.equal(new Mcu(flash).cpu.data[MCUSR], ResetFlag.powerOn);
    assert.equal(new Mcu(flash, ATMEGA328P_UNO, { resetFlags: ResetFlag.external }).cpu.data[MCUSR], 0x02);
  });

  it('page erase, page buffer fill and page write program one 64-word page', () => {
    const page = 0x0100; // byte address of page 2, in the RWW section
    const mcu = boardWith(
      [
        ...z(page), ...doSpm(PGERS | SPMEN), ...waitSpm,
        ...z(page), ...word(0xbeef), ...doSpm(SPMEN),
        ...z(page + 2), ...word(0x1234), ...doSpm(SPMEN),
        ...z(page), ...doSpm(PGWRT | SPMEN),
      ],
      { application: Array.from({ length: 0x120 }, () => 0x0000) }, // the page held zeros before
    );
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, page, 4), [0xbeef, 0x1234, 0xffff, 0xffff], 'the rest of the page is erased');
    assert.deepEqual(flashWords(mcu, page - 2, 1), [0x0000], 'the page before is untouched');
    assert.deepEqual(flashWords(mcu, page + 128, 1), [0x0000], 'the page after is untouched');
    assert.equal(mcu.cpu.data[0x57]! & RWWSB, RWWSB, 'RWWSB: the RWW section is busy until re-enabled');
    assert.equal(mcu.cpu.data[0x57]! & SPMEN, 0, 'SPMEN clears once the write is done');
    assert.deepEqual(mcu.selfProgramming.counts, { erased: 1, written: 1, filled: 2 });
  });

  it('takes no new command while an erase is under way', () => {
    const page = 0x0100;
    const mcu = boardWith([...z(page), ...doSpm(PGERS | SPMEN), ...z(page), ...word(0xbeef), ...doSpm(SPMEN), ...z(page), ...doSpm(PGWRT | SPMEN)]);
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, page, 1), [0xffff], 'the fill and the write came while SPMEN was set');
    assert.deepEqual(mcu.selfProgramming.counts, { erased: 1, written: 0, filled: 0 });
  });

  it('keeps SPMEN set for the page erase time (tWD_FLASH, 3.7–4.5 ms): what bootloaders poll', () => {
    const mcu = boardWith([...z(0x0100), ...doSpm(PGERS | SPMEN)]);
    mcu.runUntil(mcu.cycles + 16_000); // 1 ms
    assert.equal(mcu.cpu.data[0x57]! & (SPMEN | PGERS), SPMEN | PGERS, 'still erasing after 1 ms');
    runToEnd(mcu, 5);
    assert.equal(mcu.cpu.data[0x57]! & SPMEN, 0, 'done within 4.5 ms more');
  });

  it('RWWSRE clears RWWSB and erases the page buffer', () => {
    const page = 0x0200;
    const mcu = boardWith([...z(page), ...doSpm(PGERS | SPMEN)]);
    runToEnd(mcu);
    const after = boardWith([
      ...z(page), ...word(0x5555), ...doSpm(SPMEN), // loaded…
      ...doSpm(RWWSRE | SPMEN), // …then thrown away
      ...z(page), ...doSpm(PGWRT | SPMEN),
    ]);
    runToEnd(after);
    assert.deepEqual(flashWords(after, page, 1), [0xffff], 'the buffer was erased before the write');
    assert.equal(mcu.cpu.data[0x57]! & RWWSB, RWWSB);
    const reenabled = boardWith([...z(page), ...doSpm(PGERS | SPMEN)]);
    runToEnd(reenabled);
    reenabled.cpu.pc = (BOOT_BYTE + 0x40) / 2;
    reenabled.cpu.progMem.set([...doSpm(RWWSRE | SPMEN), ...loop], reenabled.cpu.pc);
    runToEnd(reenabled, 1);
    assert.equal(reenabled.cpu.data[0x57]! & RWWSB, 0, 'RWWSB clears');
  });

  it('a page buffer word is loaded once until the buffer is erased', () => {
    const page = 0x0300;
    const mcu = boardWith([
      ...z(page), ...word(0x1111), ...doSpm(SPMEN),
      ...z(page), ...word(0x2222), ...doSpm(SPMEN),
      ...z(page), ...doSpm(PGWRT | SPMEN),
    ]);
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, page, 1), [0x1111]);
  });

  it('SPMEN written with STS (two words) works as with OUT', () => {
    const page = 0x0400;
    const mcu = boardWith([
      ...z(page), ...word(0xabcd), ...ldi(18, SPMEN), ...sts(0x57, 18), ...spm,
      ...z(page), ...ldi(18, PGWRT | SPMEN), ...sts(0x57, 18), ...spm,
    ]);
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, page, 1), [0xabcd]);
  });

  it('does nothing when SPM is not the next instruction (SPMEN clears after four cycles)', () => {
    const page = 0x0500;
    const mcu = boardWith([...z(page), ...ldi(18, PGERS | SPMEN), ...out(SPMCSR_IO, 18), ...nop, ...nop, ...nop, ...nop, ...spm], {
      application: Array.from({ length: 0x300 }, () => 0x0000),
    });
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, page, 1), [0x0000], 'not erased');
    assert.equal(mcu.cpu.data[0x57]! & SPMEN, 0);
  });

  it('does nothing when SPM runs from the application section', () => {
    const page = 0x0600;
    const mcu = boardWith([...z(page), ...doSpm(PGERS | SPMEN)], { at: 0x1000, application: Array.from({ length: 0x400 }, () => 0x0000) });
    mcu.cpu.pc = 0x1000 / 2;
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, page, 1), [0x0000]);
  });

  it('does not erase the boot section while its lock bits (BLB11) forbid it', () => {
    const mcu = boardWith([...z(BOOT_BYTE + 0x400), ...doSpm(PGERS | SPMEN)]);
    mcu.cpu.progMem.set([0x1234], (BOOT_BYTE + 0x400) / 2);
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, BOOT_BYTE + 0x400, 1), [0x1234]);
  });

  it('LPM right after BLBSET|SPMEN reads the fuses and lock bits; after SIGRD|SPMEN the signature row', () => {
    const read = (command: number, address: number): number => {
      const mcu = boardWith([...z(address), ...ldi(18, command), ...out(SPMCSR_IO, 18), ...lpm(20)]);
      runToEnd(mcu, 1);
      return mcu.cpu.data[20]!;
    };
    assert.equal(read(BLBSET | SPMEN, 0), 0xff, 'low fuse');
    assert.equal(read(BLBSET | SPMEN, 1), 0xcf, 'lock bits');
    assert.equal(read(BLBSET | SPMEN, 2), 0xfd, 'extended fuse');
    assert.equal(read(BLBSET | SPMEN, 3), 0xda, 'high fuse');
    assert.deepEqual([0, 2, 4].map((address) => read(SIGRD | SPMEN, address)), [0x1e, 0x95, 0x0f], 'the signature');
    const plain = boardWith([...z(0), ...lpm(20)], { application: [0x0c94] });
    runToEnd(plain, 1);
    assert.equal(plain.cpu.data[20], 0x94, 'an ordinary LPM still reads the flash');
  });

  it('BLBSET with SPM programs boot lock bits from R0 (bits only go from 1 to 0)', () => {
    const mcu = boardWith([...ldi(16, 0xf3), ...movw(0, 16), ...doSpm(BLBSET | SPMEN)]);
    assert.equal(mcu.selfProgramming.lock, 0xcf);
    runToEnd(mcu, 1);
    assert.equal(mcu.selfProgramming.lock, 0xc3, 'BLB02 and BLB01 programmed too');
  });
});

// ATmega2560 datasheet §29 (Boot Loader Support): 256 KiB of flash in 256-byte (128-word) pages,
// the Mega's 8 KiB boot section at word 0x1F000 (BOOTSZ = 00), and RAMPZ (I/O 0x3B) as bits 23:16
// of the byte address SPM and ELPM use: the pages above 64 KiB.
describe('self-programming (SPM) on the simulated ATmega2560', () => {
  const MEGA_BOOT_BYTE = 0x3e000;
  const RAMPZ_IO = 0x3b;
  const elpm = (d: number): number[] => [0x9006 | (d << 4)];

  function megaWith(program: number[]): Mcu {
    const flash = new Uint16Array(ATMEGA2560_MEGA.flashBytes / 2).fill(0xffff);
    flash.fill(0x0000, 0, 0x8000); // the lower 64 KiB held zeros: a write there would show
    flash.set([...program, ...loop], MEGA_BOOT_BYTE / 2);
    return new Mcu(flash, ATMEGA2560_MEGA, { fuses: fusesForBootloader(MEGA_BOOT_BYTE, ATMEGA2560_MEGA.flashBytes) });
  }

  it("reset starts the Mega's 8 KiB boot section (word 0x1F000), with SP at RAMEND 0x21FF", () => {
    const fuses = fusesForBootloader(MEGA_BOOT_BYTE, ATMEGA2560_MEGA.flashBytes);
    assert.equal(fuses.high, 0xd8, "the Mega's high fuse: BOOTSZ = 00, BOOTRST programmed");
    const mcu = megaWith([]);
    assert.equal(mcu.cpu.pc, 0x1f000);
    assert.equal(mcu.cpu.SP, 0x21ff);
    assert.equal(mcu.cpu.pc22Bits, true, 'a 22-bit PC: three bytes per return address');
  });

  it('erases, fills and writes a 128-word page above 64 KiB at RAMPZ:Z, and ELPM reads it back', () => {
    const page = 0x12300; // RAMPZ = 1, Z = 0x2300
    const mcu = megaWith([
      ...ldi(16, 1), ...out(RAMPZ_IO, 16),
      ...z(page & 0xffff), ...doSpm(PGERS | SPMEN), ...waitSpm,
      ...z(page & 0xffff), ...word(0xbeef), ...doSpm(SPMEN),
      ...z((page & 0xffff) + 0xfe), ...word(0x1234), ...doSpm(SPMEN), // the page's last word: Z[7:1] = 127
      ...z(page & 0xffff), ...doSpm(PGWRT | SPMEN), ...waitSpm,
      ...doSpm(RWWSRE | SPMEN),
      ...z(page & 0xffff), ...elpm(20),
    ]);
    runToEnd(mcu);
    assert.deepEqual(flashWords(mcu, page, 2), [0xbeef, 0xffff]);
    assert.deepEqual(flashWords(mcu, page + 0xfe, 1), [0x1234], 'the page is 256 bytes');
    assert.deepEqual(flashWords(mcu, page - 2, 1), [0xffff], 'the page before is untouched');
    assert.deepEqual(flashWords(mcu, page + 0x100, 1), [0xffff], 'the page after is untouched');
    assert.deepEqual(flashWords(mcu, page & 0xffff, 2), [0x0000, 0x0000], 'Z alone (RAMPZ = 0) names another page, untouched');
    assert.equal(mcu.cpu.data[20], 0xef, 'ELPM at RAMPZ:Z reads the written low byte');
    assert.deepEqual(mcu.selfProgramming.counts, { erased: 1, written: 1, filled: 2 });
  });
});
