/**
 * Builds a test firmware from C (test/fixtures/firmware/) for the Uno's ATmega328P at 16 MHz with
 * Debian's gcc-avr and avr-libc, once per version of its source, into node_modules/.cache.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CACHE = resolve('node_modules/.cache/pinmesh-test/firmware');

export interface TestFirmware {
  hex: string;
  /** The data-space address of each variable (avr-nm's, 0x800000 taken off). */
  variables: ReadonlyMap<string, number>;
}

/** Why no firmware can be built here, or false. */
export function avrGccSkip(): string | false {
  try {
    execFileSync('avr-gcc', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'avr-gcc is not installed (apt-get install gcc-avr avr-libc): it builds the test firmware';
  }
}

/** Builds test/fixtures/firmware/<name>.c if not built yet. */
export async function testFirmware(name: string): Promise<TestFirmware> {
  const source = resolve('test/fixtures/firmware', `${name}.c`);
  const digest = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const base = join(CACHE, `${name}-${digest}`);
  if (!existsSync(`${base}.hex`)) {
    mkdirSync(CACHE, { recursive: true });
    // Built under names of this process's, then renamed: a test file in parallel never reads half a file.
    const mine = `${base}.${process.pid}`;
    await run('avr-gcc', ['-Os', '-mmcu=atmega328p', '-DF_CPU=16000000L', '-o', `${mine}.elf`, source]);
    await run('avr-objcopy', ['-O', 'ihex', '-j', '.text', '-j', '.data', `${mine}.elf`, `${mine}.hex`]);
    renameSync(`${mine}.elf`, `${base}.elf`);
    renameSync(`${mine}.hex`, `${base}.hex`);
  }
  const { stdout } = await run('avr-nm', [`${base}.elf`]);
  const variables = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const [address, kind, symbol] = line.trim().split(/\s+/);
    if (symbol && /^[bBdD]$/.test(kind ?? '')) variables.set(symbol, parseInt(address!, 16) - 0x800000);
  }
  return { hex: `${base}.hex`, variables };
}
