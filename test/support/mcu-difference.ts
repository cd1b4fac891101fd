/**
 * Where two simulated MCUs that should be in one state differ: the cycle, the program counter, or a
 * byte of the data space (registers, I/O, SRAM), the stack's unused bytes below SP apart. For tests
 * that run a firmware two ways (skipping or executing, lazy or per-step timers) and compare.
 */
import type { Mcu } from '../../src/boards/sim/mcu.js';

/** The first difference, told with each MCU's name, or undefined when they are in the same state. */
export function mcuStateDifference(a: Mcu, b: Mcu, [nameA, nameB]: readonly [string, string]): string | undefined {
  const [x, y] = [a.cpu, b.cpu];
  if (x.cycles !== y.cycles || x.pc !== y.pc) return `${nameA} at cycle ${x.cycles}, pc 0x${(x.pc * 2).toString(16)}; ${nameB} at ${y.cycles}, 0x${(y.pc * 2).toString(16)}`;
  const sp = x.SP;
  for (let address = 0; address < x.data.length; address++) {
    if (address >= a.config.ramStart && address <= sp) continue; // below the stack: bytes nobody reads
    if (x.data[address] !== y.data[address]) return `data 0x${address.toString(16)} is ${x.data[address]} ${nameA}, ${y.data[address]} ${nameB}`;
  }
  return undefined;
}
