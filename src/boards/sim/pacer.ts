/**
 * Runs the CPU in turns on Node's event loop, in one of two modes:
 *  - 'fast': as fast as the host allows (used to fast-forward the firmware's boot blink),
 *    yielding to the event loop every `maxTurnMs` so host I/O still flows;
 *  - 'paced': simulated time follows wall time, because johnny-five's and firmata.js's timers
 *    assume a board running in real time. If the host cannot keep up (a busy machine), the
 *    lag beyond `maxLagMs` is dropped rather than caught up in a burst.
 *
 * The pacer holds one timer at a time, referenced while running (a running board is a reason
 * to stay alive) and cleared by stop(), after which it never keeps the event loop alive.
 */
import { performance } from 'node:perf_hooks';

export type PaceMode = 'fast' | 'paced';

export interface PacerOptions {
  clockHz: number;
  /** Paced mode: wall milliseconds between wake-ups when the CPU has caught up. */
  tickMs?: number;
  /** Longest one turn may hold the event loop, in wall milliseconds. */
  maxTurnMs?: number;
  /** Paced mode: lag behind wall time beyond which the debt is forgiven. */
  maxLagMs?: number;
  /** Cycles run between two looks at the wall clock. */
  chunkCycles?: number;
}

/** What the pacer drives: the current MCU's cycle counter, a way to run it, a hook after each turn. */
export interface PacedMachine {
  cycles(): number;
  runUntil(targetCycles: number): void;
  afterTurn(): void;
  /** Paced: true while the host waits on the machine (bytes on the line, a command being run): turn again at once. */
  busy?(): boolean;
}

export interface PacerStats {
  /** Simulated cycles and wall milliseconds spent in each mode. */
  fast: { cycles: number; wallMs: number };
  paced: { cycles: number; wallMs: number };
}

export class Pacer {
  private readonly cyclesPerMs: number;
  private readonly tickMs: number;
  private readonly maxTurnMs: number;
  private readonly maxLagCycles: number;
  private readonly chunkCycles: number;

  private currentMode: PaceMode = 'fast';
  private running = false;
  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private budget = 0;
  private lastWall = 0;
  readonly stats: PacerStats = { fast: { cycles: 0, wallMs: 0 }, paced: { cycles: 0, wallMs: 0 } };

  constructor(
    private readonly machine: PacedMachine,
    options: PacerOptions,
  ) {
    this.cyclesPerMs = options.clockHz / 1000;
    this.tickMs = options.tickMs ?? 2;
    this.maxTurnMs = options.maxTurnMs ?? 8;
    this.maxLagCycles = (options.maxLagMs ?? 40) * this.cyclesPerMs;
    this.chunkCycles = options.chunkCycles ?? 4_000;
  }

  get mode(): PaceMode {
    return this.currentMode;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Switches mode; takes effect within the current turn. Paced time starts from now. */
  setMode(mode: PaceMode): void {
    if (mode === 'paced' && this.currentMode !== 'paced') {
      this.budget = 0;
      this.lastWall = performance.now();
    }
    this.currentMode = mode;
  }

  start(mode: PaceMode): void {
    this.setMode(mode);
    this.lastWall = performance.now();
    this.budget = 0;
    if (this.running) return;
    this.running = true;
    this.schedule(true);
  }

  /**
   * The host just gave the machine work (bytes for the MCU): in paced mode, take the next turn at
   * once rather than at the next tick, so a command is run as soon as wall time allows.
   */
  hurry(): void {
    if (!this.running || this.currentMode !== 'paced' || !this.timeout) return;
    clearTimeout(this.timeout);
    this.timeout = undefined;
    this.schedule(true);
  }

  /** Stops after the current turn (if called from inside one) and clears every timer. */
  stop(): void {
    this.running = false;
    if (this.timeout) clearTimeout(this.timeout);
    if (this.immediate) clearImmediate(this.immediate);
    this.timeout = undefined;
    this.immediate = undefined;
  }

  private schedule(now: boolean): void {
    if (!this.running) return;
    if (now) {
      this.immediate = setImmediate(() => this.turn());
    } else {
      this.timeout = setTimeout(() => this.turn(), this.tickMs);
    }
  }

  private turn(): void {
    this.timeout = undefined;
    this.immediate = undefined;
    if (!this.running) return;
    const mode = this.currentMode;
    const start = performance.now();
    const machine = this.machine;
    let ran = 0;
    let more: boolean;
    if (mode === 'fast') {
      do {
        const before = machine.cycles();
        machine.runUntil(before + this.chunkCycles);
        ran += machine.cycles() - before;
      } while (this.running && this.currentMode === 'fast' && performance.now() - start < this.maxTurnMs);
      more = true;
    } else {
      this.budget = Math.min(this.budget + (start - this.lastWall) * this.cyclesPerMs, this.maxLagCycles);
      this.lastWall = start;
      while (this.budget > 0 && this.running && this.currentMode === 'paced') {
        const before = machine.cycles();
        machine.runUntil(before + Math.min(this.budget, this.chunkCycles));
        const done = machine.cycles() - before;
        this.budget -= done;
        ran += done;
        if (performance.now() - start >= this.maxTurnMs) break;
      }
      more = this.budget > 0 || this.currentMode !== 'paced' || (machine.busy?.() ?? false);
    }
    const stats = this.stats[mode];
    stats.cycles += ran;
    stats.wallMs += performance.now() - start;
    // Schedule before the hook: a listener that throws must not stop the board.
    this.schedule(more);
    machine.afterTurn();
  }
}
