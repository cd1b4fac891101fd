/**
 * Runs the CPU in turns on Node's event loop, in one of two modes:
 *  - 'fast': as fast as the host allows (used to fast-forward the firmware's boot blink),
 *    yielding to the event loop every `maxTurnMs` so host I/O still flows;
 *  - 'paced': simulated time follows wall time, because johnny-five's and firmata.js's timers
 *    assume a board running in real time. If the host cannot keep up (a busy machine), a turn
 *    that starts more than `maxLagMs` after the time it slept for drops the lag beyond rather than
 *    catching it up in a burst. The machine may ask to run ahead of wall time (leadCycles():
 *    bytes on their way down the serial line and the firmware's reaction to them), never more
 *    than `maxLeadMs`; wall time then catches up before the CPU runs on. wake() starts a turn at
 *    once (the host just sent something) instead of at the next tick.
 *
 * In lockstep (`lockstep`, a test in the MCU's time), 'fast' turns are not bounded by the wall:
 * each runs as many cycles as `lockstep.turnCycles()` says (up to the host's next timer),
 * and the next starts once the host has settled, so the turns fall at the same cycles on every run.
 *
 * The pacer holds one timer at a time, referenced while running (a running board is a reason
 * to stay alive) and cleared by stop(), after which it never keeps the event loop alive.
 */
import { performance } from 'node:perf_hooks';

export type PaceMode = 'fast' | 'paced';

/** Paced: a chunk of a turn quicker than this (wall ms) lets the next be longer. */
const QUICK_CHUNK_MS = 0.5;

export interface PacerOptions {
  clockHz: number;
  /** Paced mode: wall milliseconds between wake-ups when the CPU has caught up. */
  tickMs?: number;
  /** Paced mode: the same while the machine says it is quiet (nothing to deliver soon). */
  quietTickMs?: number;
  /**
   * Paced mode: the same once the machine has been quiet, and has told the host nothing, for
   * `idleAfterMs` of wall time (a firmware waiting for its host). Host bytes wake it anyway; what
   * the firmware does on its own timers (a blink) is heard up to this late in wall time, never in
   * simulated time.
   */
  idleTickMs?: number;
  idleAfterMs?: number;
  /** Longest one turn may hold the event loop, in wall milliseconds. */
  maxTurnMs?: number;
  /**
   * Paced mode: how late a turn may start, past the tick it slept for, before the debt beyond is
   * forgiven (the sleep itself is always run: an idle tick longer than this loses no time).
   */
  maxLagMs?: number;
  /** Paced mode: most wall milliseconds the CPU may run ahead of wall time when the machine asks. */
  maxLeadMs?: number;
  /** Cycles run between two looks at the wall clock. */
  chunkCycles?: number;
  /**
   * Paced mode: a chunk that took under QUICK_CHUNK_MS of wall time (an idle firmware, its loop
   * skipped) is followed by one 4 times longer, up to this many cycles.
   */
  maxChunkCycles?: number;
  /** Cycles run between two looks at the machine's lead while running ahead. */
  leadChunkCycles?: number;
  /** 'fast' turns in lockstep with the host (see above). */
  lockstep?: PacerLockstep;
}

/** What the pacer drives: the current MCU's cycle counter, a way to run it, a hook after each turn. */
export interface PacedMachine {
  cycles(): number;
  runUntil(targetCycles: number): void;
  afterTurn(): void;
  /** Paced mode: cycles the machine wants to run now beyond wall time (0: none). */
  leadCycles?(): number;
  /** Paced mode: nothing is under way that the host would want to hear of soon. */
  quiet?(): boolean;
  /** Paced mode: the turn just run sent the host something (bytes, a pin's change). */
  told?(): boolean;
  /**
   * 'fast' mode, after each chunk of a turn that has run `ranCycles` so far: the host must see the
   * machine now (it reset itself, its boot is over), not after the turn's wall time.
   */
  turnOver?(ranCycles: number): boolean;
}

/** A 'fast' turn in lockstep with the host: how many cycles it runs, and when the next may start. */
export interface PacerLockstep {
  turnCycles(): number;
  whenHostIdle(turn: () => void): void;
  noticed(): void;
}

export interface PacerStats {
  /** Simulated cycles and wall milliseconds spent in each mode. */
  fast: { cycles: number; wallMs: number };
  paced: { cycles: number; wallMs: number };
  /** Paced cycles owed to wall time but forgiven (lag beyond maxLagMs: the host was not scheduled). */
  forgivenCycles: number;
}

export class Pacer {
  private readonly cyclesPerMs: number;
  private readonly tickMs: number;
  private readonly quietTickMs: number;
  private readonly idleTickMs: number;
  private readonly idleAfterMs: number;
  private readonly maxTurnMs: number;
  private readonly maxLagCycles: number;
  private readonly maxLeadCycles: number;
  private readonly chunkCycles: number;
  private readonly maxChunkCycles: number;
  private readonly leadChunkCycles: number;

  private currentMode: PaceMode = 'fast';
  private running = false;
  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** Lockstep: a turn waits for the host to settle; `generation` tells a stopped pacer's wait from the current one. */
  private waitingForHost = false;
  private generation = 0;
  private readonly lockstep: PacerLockstep | undefined;
  /** Paced: cycles owed to wall time (negative: ahead of it). */
  private budget = 0;
  private lastWall = 0;
  /** Paced: cycles of the sleep the pacer asked for last (owed by plan, never forgiven). */
  private sleptCycles = 0;
  /** Paced: wall time since which every turn was quiet and told nothing (undefined: the last was not quiet). */
  private quietSince: number | undefined;
  readonly stats: PacerStats = { fast: { cycles: 0, wallMs: 0 }, paced: { cycles: 0, wallMs: 0 }, forgivenCycles: 0 };

  constructor(
    private readonly machine: PacedMachine,
    options: PacerOptions,
  ) {
    this.cyclesPerMs = options.clockHz / 1000;
    this.tickMs = options.tickMs ?? 2;
    this.quietTickMs = Math.max(this.tickMs, options.quietTickMs ?? 5);
    this.idleTickMs = Math.max(this.quietTickMs, options.idleTickMs ?? 50);
    this.idleAfterMs = options.idleAfterMs ?? 100;
    this.maxTurnMs = options.maxTurnMs ?? 8;
    this.maxLagCycles = (options.maxLagMs ?? 40) * this.cyclesPerMs;
    this.maxLeadCycles = (options.maxLeadMs ?? 4) * this.cyclesPerMs;
    this.chunkCycles = options.chunkCycles ?? 4_000;
    this.maxChunkCycles = Math.max(this.chunkCycles, options.maxChunkCycles ?? 64_000);
    this.leadChunkCycles = options.leadChunkCycles ?? 250;
    this.lockstep = options.lockstep;
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

  /** Stops after the current turn (if called from inside one) and clears every timer. */
  stop(): void {
    this.running = false;
    if (this.timeout) clearTimeout(this.timeout);
    if (this.immediate) clearImmediate(this.immediate);
    this.timeout = undefined;
    this.immediate = undefined;
    this.waitingForHost = false;
    this.generation++;
  }

  /**
   * Paced: the machine's cycle that wall time has reached now, which the next turn runs up to
   * (beyond `maxLagMs` behind, the lag it will forgive); otherwise the machine's cycle.
   */
  wallCycle(): number {
    const cycles = this.machine.cycles();
    if (!this.running || this.currentMode !== 'paced') return cycles;
    return cycles + Math.max(0, this.runnable(this.owedAt(performance.now())));
  }

  /** Paced: cycles wall time has reached beyond the machine at wall time `now` (negative: it is ahead). */
  private owedAt(now: number): number {
    return this.budget + (now - this.lastWall) * this.cyclesPerMs;
  }

  /** Paced: of `owed` cycles, those the next turn runs: the sleep asked for and `maxLagMs` past it (the rest is forgiven). */
  private runnable(owed: number): number {
    return Math.min(owed, this.maxLagCycles + this.sleptCycles);
  }

  /** Something for the CPU arrived (host bytes): run a turn now rather than at the next tick. */
  wake(): void {
    if (this.lockstep && this.currentMode === 'fast') return this.lockstep.noticed();
    this.quietSince = undefined;
    if (!this.running || this.immediate || this.waitingForHost) return;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    this.immediate = setImmediate(() => this.turn());
  }

  private schedule(now: boolean): void {
    if (!this.running) return;
    if (now && this.lockstep && this.currentMode === 'fast') {
      const generation = this.generation;
      this.waitingForHost = true;
      this.lockstep.whenHostIdle(() => {
        if (generation !== this.generation) return;
        this.waitingForHost = false;
        this.turn();
      });
    } else if (now) {
      this.immediate = setImmediate(() => this.turn());
    } else {
      // Held back by the lead bound while the machine wants to run: go on as soon as wall time
      // allows. Otherwise sleep until wall time has caught up, and a tick more (a longer one
      // while the machine is quiet: host bytes wake it anyway).
      const paced = this.currentMode === 'paced';
      const held = paced && (this.machine.leadCycles?.() ?? 0) > 0;
      const tickMs = paced ? this.pacedTickMs() : this.tickMs;
      const aheadMs = Math.max(0, -this.budget / this.cyclesPerMs);
      const sleepMs = held ? 1 : tickMs + aheadMs;
      this.sleptCycles = paced ? sleepMs * this.cyclesPerMs : 0;
      this.timeout = setTimeout(() => this.turn(), sleepMs);
    }
  }

  /** Paced: the tick, the quiet tick, or once quiet and telling nothing for long enough, the idle tick. */
  private pacedTickMs(): number {
    const machine = this.machine;
    if (!machine.quiet?.()) {
      this.quietSince = undefined;
      return this.tickMs;
    }
    const now = performance.now();
    if (machine.told?.()) this.quietSince = now;
    this.quietSince ??= now;
    return now - this.quietSince >= this.idleAfterMs ? this.idleTickMs : this.quietTickMs;
  }

  /** Paced: cycles to run next, owed ones first, then the machine's lead (bounded); ≤ 0: none. */
  private nextStep(chunkCycles: number): number {
    if (this.budget > 0) return Math.min(this.budget, chunkCycles);
    const lead = this.machine.leadCycles?.() ?? 0;
    return Math.min(lead, this.budget + this.maxLeadCycles, this.leadChunkCycles);
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
    if (mode === 'fast' && this.lockstep) {
      const before = machine.cycles();
      machine.runUntil(before + Math.max(1, this.lockstep.turnCycles()));
      ran = machine.cycles() - before;
      more = true;
    } else if (mode === 'fast') {
      do {
        const before = machine.cycles();
        machine.runUntil(before + this.chunkCycles);
        ran += machine.cycles() - before;
      } while (this.running && this.currentMode === 'fast' && !machine.turnOver?.(ran) && performance.now() - start < this.maxTurnMs);
      more = true;
    } else {
      const owed = this.owedAt(start);
      this.budget = this.runnable(owed);
      this.stats.forgivenCycles += owed - this.budget;
      this.sleptCycles = 0;
      this.lastWall = start;
      let chunk = this.chunkCycles;
      let step = this.nextStep(chunk);
      let chunkStart = start;
      while (step > 0 && this.running && this.currentMode === 'paced') {
        const before = machine.cycles();
        machine.runUntil(before + step);
        const done = machine.cycles() - before;
        this.budget -= done;
        ran += done;
        // A machine that ran nothing (a reset it asked for waits for afterTurn) ends the turn.
        if (done <= 0) break;
        const now = performance.now();
        chunk = now - chunkStart < QUICK_CHUNK_MS ? Math.min(chunk * 4, this.maxChunkCycles) : this.chunkCycles;
        chunkStart = now;
        step = this.nextStep(chunk);
        if (now - start >= this.maxTurnMs) break;
      }
      more = step > 0 || this.currentMode !== 'paced';
    }
    const stats = this.stats[mode];
    stats.cycles += ran;
    stats.wallMs += performance.now() - start;
    // Schedule before the hook: a listener that throws must not stop the board.
    this.schedule(more);
    machine.afterTurn();
  }
}
