/**
 * The idle-loop skip over the Arduino core's delay() (src/boards/sim/delay-loop.ts), against the
 * same firmware with every cycle executed. StandardFirmata's boot blinks its version in delay()s
 * (1.9 s of the MCU's time), then sends its first bytes: both MCUs run in turns of an odd length,
 * and at the end of every turn the skipping one must be where the executing one is: the same
 * cycle, program counter, registers, I/O and SRAM (the stack's unused bytes below SP apart), and
 * the same pin edges at the same cycles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdleLoopSkip } from '../../src/boards/sim/idle-loop-skip.js';
import { Mcu, type McuConfig } from '../../src/boards/sim/mcu.js';
import { SIM_MEGA, SIM_UNO, type SimModel } from '../../src/boards/sim/sim-models.js';
import { firmwarePath } from '../../src/firmware/ensure-firmware.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';
import { loadProgramImage } from '../../src/firmware/program-image.js';
import { mcuStateDifference } from '../support/mcu-difference.js';

/** The boot's version blink and the first bytes after it. */
const RUN_MS = 2_000;

async function standardFirmata(model: SimModel, manifestKey: string = model.name): Promise<Uint16Array> {
  const path = await firmwarePath({ manifest: readFirmwareManifest(undefined, manifestKey), progress: () => undefined });
  return loadProgramImage(path, model.mcu.flashBytes);
}

interface Comparison {
  /** The first difference at a turn's end, or undefined. */
  difference: string | undefined;
  turns: number;
  edges: number;
  /** Share of the cycles the skipping MCU jumped over. */
  skipped: number;
}

/** Runs `program` twice, skipping and executing, in turns of `turnCycles`, comparing at every turn's end. */
function compareRuns(program: Uint16Array, config: McuConfig, turnCycles: number, runMs: number = RUN_MS): Comparison {
  const executed = new Mcu(program.slice(), config);
  const skipping = new Mcu(program.slice(), config);
  const idle = new IdleLoopSkip(skipping);
  const edges = [executed, skipping].map((mcu) => {
    const seen: string[] = [];
    for (const [name, port] of Object.entries(mcu.ports)) port!.addListener((value, old) => seen.push(`${mcu.cycles} ${name} ${old} → ${value}`));
    return seen;
  });
  const end = (runMs * config.clockHz) / 1000;
  let turns = 0;
  for (let target = turnCycles; target <= end; target += turnCycles) {
    idle.runUntil(target); // what was proven holds into the next turn: nothing from outside changes here
    executed.runUntil(skipping.cycles);
    turns++;
    const difference = mcuStateDifference(executed, skipping, ['executed', 'skipping']) ?? edgeDifference(edges[0]!, edges[1]!);
    if (difference) return { difference: `at the end of turn ${turns} (cycle ${target}): ${difference}`, turns, edges: edges[0]!.length, skipped: 0 };
  }
  return { difference: undefined, turns, edges: edges[0]!.length, skipped: idle.stats.skippedCycles / skipping.cycles };
}

function edgeDifference(executed: string[], skipping: string[]): string | undefined {
  const at = executed.findIndex((edge, i) => edge !== skipping[i]);
  if (at < 0 && executed.length === skipping.length) return undefined;
  return `pin edge ${at < 0 ? executed.length : at}: executed ${executed[at] ?? 'none'}, skipping ${skipping[at] ?? 'none'}`;
}

describe("skipping the Arduino core's delay(), state for state as executed", () => {
  it("StandardFirmata on the Uno (delay() calling micros()), in turns of 997 cycles: the same at every turn's end, and its first bytes leave at the same cycles", async () => {
    // The turns' odd length puts a jump right before a byte's end: the timers' overdue clock events
    // must fire at the jump, not one per instruction after it, or the byte is 1 cycle late.
    const result = compareRuns(await standardFirmata(SIM_UNO), SIM_UNO.mcu, 997);
    assert.equal(result.difference, undefined);
    assert.ok(result.edges >= 20, `the version blink's edges (${result.edges})`);
    assert.ok(result.skipped > 0.7, `${(result.skipped * 100).toFixed(1)} % of the cycles skipped`);
  });

  it('StandardFirmata on the Nano (micros() inlined into the loop), in turns of 5,923 cycles', async () => {
    const result = compareRuns(await standardFirmata(SIM_UNO, 'nano'), SIM_UNO.mcu, 5_923, 600);
    assert.equal(result.difference, undefined);
    assert.ok(result.skipped > 0.8, `${(result.skipped * 100).toFixed(1)} % of the cycles skipped`);
  });

  it('StandardFirmata on the Mega 2560 (micros() inlined, return addresses of 3 bytes), in turns of 2 ms', async () => {
    const result = compareRuns(await standardFirmata(SIM_MEGA), SIM_MEGA.mcu, 32_000, 600);
    assert.equal(result.difference, undefined);
    assert.ok(result.skipped > 0.8, `${(result.skipped * 100).toFixed(1)} % of the cycles skipped`);
  });

  it('is not recognised with one word changed (a wait of 999 µs, not the core’s 1000), and then runs as executed', async () => {
    const program = await standardFirmata(SIM_UNO);
    // cpi r22, 0xE8; sbci r23, 0x03: the loop's comparison with 1000.
    const at = program.findIndex((word, i) => word === 0x3e68 && program[i + 1] === 0x4073);
    assert.ok(at > 0, "the Uno's StandardFirmata has the core's delay()");
    program[at] = 0x3e67; // cpi r22, 0xE7
    const result = compareRuns(program, SIM_UNO.mcu, 32_000, 300);
    assert.equal(result.difference, undefined);
    assert.ok(result.skipped < 0.01, `${(result.skipped * 100).toFixed(1)} % of the cycles skipped`);
  });
});

describe('a simulated Uno booting without a snapshot', () => {
  it("fast-forwards its version blink's delay()s with them skipped: most of the boot's 1.9 s of MCU time is not executed", async () => {
    const { SimulatedUno } = await import('../../src/boards/sim/simulated-uno.js');
    const uno = new SimulatedUno({ bootSnapshots: false });
    try {
      await uno.start();
      const { idleSkippedMs, lastBoot } = uno.stats();
      assert.equal(lastBoot?.restoredMs ?? 0, 0, 'booted in full, not put back from a snapshot');
      assert.ok(idleSkippedMs > 1_500, `${idleSkippedMs.toFixed(0)} ms of the boot skipped`);
    } finally {
      uno.stop();
    }
  });
});
