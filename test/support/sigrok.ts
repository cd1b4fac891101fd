import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why sigrok-cli cannot be used here, or undefined when it can (tests skip with the reason). */
export async function sigrokMissing(): Promise<string | undefined> {
  try {
    await run('sigrok-cli', ['--version']);
    return undefined;
  } catch {
    return 'sigrok-cli is not installed (Debian: apt-get install sigrok-cli)';
  }
}

/** sigrok-cli's output for a VCD file, read as the issue says: `-I vcd:skip=0 -i FILE`, then `args`. */
export async function sigrok(file: string, args: string[]): Promise<string> {
  const { stdout } = await run('sigrok-cli', ['-I', 'vcd:skip=0', '-i', file, ...args], { maxBuffer: 64 << 20 });
  return stdout;
}

/** A time sigrok printed, in ms, and how far from the truth its 3 decimals may be (0.5 ms for "1.243 s"). */
export interface SigrokTime {
  ms: number;
  within: number;
}

/**
 * The times between the edges of `channel` as sigrok's `timing` decoder measures them
 * (`edge`: rising edges only, for periods; any edge, for every level's length).
 */
export async function sigrokTimings(file: string, channel: string, edge: 'any' | 'rising'): Promise<SigrokTime[]> {
  const out = await sigrok(file, ['-P', `timing:data=${channel}:edge=${edge}`, '-A', 'timing=time']);
  const scale: Record<string, number> = { s: 1000, ms: 1, 'μs': 0.001, 'µs': 0.001, us: 0.001, ns: 1e-6 };
  return out
    .split('\n')
    .map((line) => /^timing-1: ([\d.]+) (\S+)/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null && scale[match[2]!] !== undefined)
    .map((match) => ({ ms: Number(match[1]) * scale[match[2]!]!, within: 0.0005 * scale[match[2]!]! }));
}
