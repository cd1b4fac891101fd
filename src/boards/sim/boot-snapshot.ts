/**
 * A firmware's boot, taken once and put back on every later power-on of the same chip, flash and
 * wiring: StandardFirmata spends 1.9 s of the MCU's time (30 M cycles, over a second of a host's
 * CPU) blinking its version before it says a word, and the blink is the same every time.
 *
 * While a boot runs, a BootRecorder logs every write the firmware makes to an I/O register that
 * something listens to (the ports, the timers, the USART: what the pin, PWM and input watches hear)
 * and every change the ports report, and takes the chip's whole state (mcu-state.ts) whenever the
 * host asks. The snapshot is the latest state taken before the firmware first transmits, with the
 * writes and port changes up to it.
 *
 * replayBoot() puts it on a fresh power-on whose watches are attached: the logged writes go through
 * the same hooks at the same cycles, so every watch hears the boot it would have heard (the version
 * blink's edges, the pull-ups), then the state replaces the chip's. If the ports do not report the
 * same changes as logged (a timer drove a pin, which no write shows), nothing is claimed: it returns
 * false and the caller boots the firmware in full.
 *
 * It is exact only for a boot nobody talked to: the caller takes states only while no byte has come
 * from the host and the wiring is as it was at power-on (the wiring is part of the store's key).
 */
import type { Mcu } from './mcu.js';
import { putMcuState, takeMcuState, type McuState } from './mcu-state.js';

/** A write to an I/O register: [cycle, address, value, mask]. */
export type LoggedWrite = [cycles: number, address: number, value: number, mask: number];
/** A port's output changed: [cycle, port (in Mcu.ports order), value]. */
export type PortChange = [cycles: number, port: number, value: number];

export interface BootSnapshot {
  state: McuState;
  writes: LoggedWrite[];
  portChanges: PortChange[];
}

/** More writes than a boot makes (StandardFirmata's: about 60); beyond it the recorder gives up. */
const MAX_WRITES = 100_000;

export class BootRecorder {
  private readonly writes: LoggedWrite[] = [];
  private readonly portChanges: PortChange[] = [];
  private recording = true;
  private latest: { state: McuState; writes: number; portChanges: number } | undefined;

  /** Install after the watches (so a logged write is what all of them hear) and before the idle-loop skip. */
  constructor(private readonly mcu: Mcu) {
    const cpu = mcu.cpu;
    for (let address = 0x20; address < mcu.config.ramStart; address++) {
      const hook = cpu.writeHooks[address];
      if (!hook) continue;
      cpu.writeHooks[address] = (value, oldValue, addr, mask) => {
        if (this.recording) this.log(cpu.cycles, addr, value, mask);
        return hook(value, oldValue, addr, mask);
      };
    }
    onPortChanges(mcu, (change) => {
      if (this.recording) this.portChanges.push(change);
    });
  }

  get active(): boolean {
    return this.recording;
  }

  /** Takes the chip's state now, if it can be taken (see takeMcuState). */
  take(): void {
    if (!this.recording) return;
    const state = takeMcuState(this.mcu);
    if (state) this.latest = { state, writes: this.writes.length, portChanges: this.portChanges.length };
  }

  /** Stops recording; the latest state taken, with what led to it. */
  finish(): BootSnapshot | undefined {
    this.recording = false;
    const latest = this.latest;
    this.latest = undefined;
    if (!latest) return undefined;
    return {
      state: latest.state,
      writes: this.writes.slice(0, latest.writes),
      portChanges: this.portChanges.slice(0, latest.portChanges),
    };
  }

  /** Stops recording and forgets everything (the host spoke to the firmware, or the wiring changed). */
  abandon(): void {
    this.recording = false;
    this.latest = undefined;
    this.writes.length = 0;
    this.portChanges.length = 0;
  }

  private log(cycles: number, address: number, value: number, mask: number): void {
    if (this.writes.length >= MAX_WRITES) return this.abandon();
    this.writes.push([cycles, address, value, mask]);
  }
}

/**
 * Replays the snapshot's boot into `mcu` (a fresh power-on with its watches attached) and puts its
 * state. False when the ports did not report what was logged, or the state does not fit the chip:
 * the chip is then half-written, and the caller powers on afresh.
 */
export function replayBoot(mcu: Mcu, snapshot: BootSnapshot): boolean {
  const cpu = mcu.cpu;
  const heard: PortChange[] = [];
  const stopListening = onPortChanges(mcu, (change) => heard.push(change));
  try {
    for (const [cycles, address, value, mask] of snapshot.writes) {
      cpu.cycles = cycles;
      cpu.writeData(address, value, mask);
    }
  } finally {
    stopListening();
  }
  if (!samePortChanges(heard, snapshot.portChanges)) return false;
  return putMcuState(mcu, snapshot.state);
}

/** Hears every change of every port's output, as a PortChange; returns what stops it. */
function onPortChanges(mcu: Mcu, listener: (change: PortChange) => void): () => void {
  const removers = Object.values(mcu.ports).map((port, index) => {
    const heard = (value: number) => listener([mcu.cpu.cycles, index, value]);
    port!.addListener(heard);
    return () => port!.removeListener(heard);
  });
  return () => removers.forEach((remove) => remove());
}

function samePortChanges(a: PortChange[], b: PortChange[]): boolean {
  return a.length === b.length && a.every((change, i) => change[0] === b[i]![0] && change[1] === b[i]![1] && change[2] === b[i]![2]);
}
