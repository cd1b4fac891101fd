/**
 * A boot in lockstep with the host (a test in the MCU's time, src/time/lockstep.ts), put back from
 * a snapshot (boot-snapshot.ts) and still the same run, cycle for cycle, as one executed in full.
 *
 * In lockstep every turn ends where the host says (its next timer, a short turn after it acted), so
 * a host write lands at the same cycle on every run. A snapshot taken at some turn's end and put
 * back would start the next turns elsewhere, and a recording would differ between a first run and
 * the next. So the boot is one turn of its own, the power-on's first, run on a grid fixed from the
 * power-on (every LOCKSTEP_BOOT_GRID_MS of the MCU's time):
 *  - run in full, it takes the chip's state at each grid point and ends at the grid point after the
 *    firmware's first byte (or the boot limit, or the host's next timer, whichever comes first);
 *    the snapshot is the latest state taken before that last step;
 *  - put back, the snapshot stands for one of those grid points, and the same steps from there end
 *    the turn at the same cycle, with the same state.
 * A host timer due before the snapshot's point rules the snapshot out (the boot then runs in full,
 * so the timer fires at its time): both ways, the turn ends at the same place.
 */
import type { BootRecorder, BootSnapshot } from './boot-snapshot.js';
import type { Mcu } from './mcu.js';

/** The grid of a lockstep boot, in ms of the MCU's time: a snapshot spares all of a boot but at most this much. */
export const LOCKSTEP_BOOT_GRID_MS = 2;

export interface BootOnGrid {
  mcu: Mcu;
  /** LOCKSTEP_BOOT_GRID_MS in the chip's cycles. */
  gridCycles: number;
  /** The boot limit, in cycles of this power-on: a firmware silent until then has booted there. */
  limitCycles: number;
  /** The host's next timer, in cycles of this power-on (Infinity: none): the turn ends there at the latest. */
  horizonCycles: number;
  /** True once the firmware has spoken. */
  spoke: () => boolean;
  /** A boot run in full from the power-on: records it (the states taken at the grid points). */
  recorder?: BootRecorder;
}

/**
 * Runs the boot from where the chip is (a grid point: the power-on or a snapshot's) to the first
 * grid point past its end (the firmware spoke, or the boot limit), or to the host's next timer.
 * With a recorder, the snapshot of a boot that ended; undefined otherwise.
 */
export function runBootOnGrid(run: BootOnGrid): BootSnapshot | undefined {
  const { mcu, gridCycles, limitCycles, horizonCycles, spoke, recorder } = run;
  const end = Math.min(horizonCycles, limitCycles);
  const booted = () => spoke() || mcu.cycles >= limitCycles;
  while (!booted() && mcu.cycles < end && mcu.resetRequest === undefined) {
    recorder?.take();
    mcu.runUntil(Math.min(end, (Math.floor(mcu.cycles / gridCycles) + 1) * gridCycles));
  }
  if (!recorder) return undefined;
  // Stopped by the host's timer or a reset the firmware asked for: nothing a later power-on could stand on.
  if (!booted() || mcu.resetRequest !== undefined) return void recorder.abandon();
  return recorder.finish();
}
