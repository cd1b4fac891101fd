/**
 * A simulated Arduino Uno running the real, unmodified StandardFirmata firmware on avr8js.
 *
 *   const uno = new SimulatedUno();
 *   const transport = await uno.openTransport();   // resets the MCU like DTR auto-reset
 *   const board = new (require('firmata-io').Firmata)(transport);
 *   uno.on('pin', (o) => ...);                      // pin truth from the MCU's ports
 *   ...
 *   uno.stop();                                     // the process can exit
 *
 * Life cycle: off → start()/openTransport() powers on and boots (the firmware's ~1.9 s version
 * blink is fast-forwarded, then the CPU is paced to wall time) → unplug() (USB cable out: the
 * board loses power, the transport closes) → plug() (powers on and boots again) → stop().
 *
 * With a bootloader (`bootloaderPath`), every reset starts it (BOOTRST), paced to wall time so
 * that a flasher on the serial port meets it as on a real board; once it jumps to the application,
 * the application's boot is fast-forwarded as without one. What the bootloader writes stays in
 * the flash across resets.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { BoardOfflineError } from '../board.js';
import { UserError } from '../../errors.js';
import type { Fuses } from './fuses.js';
import type { PinObservation } from '../board.js';
import type { ByteTransport } from '../../serial/byte-transport.js';
import { SimClock } from './sim-clock.js';
import { bundledFirmwarePath } from '../../firmware/bundled-firmware.js';
import { loadProgramImage, loadUserImage } from '../../firmware/program-image.js';
import { flashContents } from './flash-contents.js';
import { IdleLoopSkip } from './idle-loop-skip.js';
import { BootRecorder, replayBoot, type BootSnapshot } from './boot-snapshot.js';
import { bootSnapshotKey, defaultBootSnapshots, type BootSnapshotStore } from './boot-snapshot-store.js';
import { MCUSR, Mcu, ResetFlag, type McuConfig } from './mcu.js';
import { modelFirmwarePath, SIM_MEGA, SIM_UNO, type SimModel, type SimModelName } from './sim-models.js';
import { Pacer } from './pacer.js';
import type { PaceMode } from './pacer.js';
import { PinWatch, type ToneObservation } from './pin-watch.js';
import { PinDrive, type DrivenLevel } from './pin-drive.js';
import { PwmWatch, type PwmState } from './pwm-watch.js';
import { SimTransport } from './sim-transport.js';
import type { TransportBackend } from './sim-transport.js';
import { UsartLink } from './usart-link.js';
import type { Lockstep } from '../../time/lockstep.js';
import { LOCKSTEP_BOOT_GRID_MS, runBootOnGrid } from './lockstep-boot.js';

export interface SimulatedUnoOptions {
  /** Which board: 'uno' (the default, an ATmega328P) or 'mega' (a Mega 2560, an ATmega2560). */
  model?: SimModelName;
  /** Intel HEX firmware to run. Default: the model's StandardFirmata (firmware/StandardFirmata-uno.hex, -mega.hex) of this package. */
  hexPath?: string;
  /** True when hexPath is the person's own file (`--firmware`): its errors name it as theirs. */
  userFirmware?: boolean;
  /** Intel HEX bootloader to put in the boot section; reset then starts it (BOOTRST). Default: none. */
  bootloaderPath?: string;
  /** An already loaded flash image (the chip's whole flash as 16-bit words); wins over hexPath. */
  program?: Uint16Array;
  /** Run the boot (until the firmware first transmits) as fast as possible. Default true. */
  fastForwardBoot?: boolean;
  /**
   * Where to keep and find snapshots of fast-forwarded boots (boot-snapshot.ts): a boot equal to one
   * already run (same firmware, chip, reset cause and wiring) is put back instead of executed, the
   * watches hearing everything it did. Default: this process and the person's cache folder (none
   * with PINMESH_BOOT_SNAPSHOTS=off); false: every boot runs in full. Boots with a bootloader and paced boots always run in full; a
   * boot in lockstep is put back as its first turn, on a grid of its own (lockstep-boot.ts).
   */
  bootSnapshots?: BootSnapshotStore | false;
  /** Most simulated ms a boot is fast-forwarded if the firmware never transmits. Default 4000. */
  bootLimitMs?: number;
  /** Pace the CPU to wall time after boot. Default true; false runs flat out (benchmarks). */
  paced?: boolean;
  /** Paced: wall ms between CPU turns. Default 2. */
  tickMs?: number;
  /** Paced: wall ms between CPU turns while the firmware idles and the line is empty. Default 5. */
  quietTickMs?: number;
  /** Paced: the same once it has idled, telling nothing, for 100 wall ms. Default 50. */
  idleTickMs?: number;
  /** Paced: how late a turn may start, past the tick it slept for, before the lag beyond is forgiven rather than caught up. Default 40. */
  maxLagMs?: number;
  /** Paced: skip the repetitions of a provably idle firmware loop instead of executing them. Default true. */
  skipIdle?: boolean;
  /** Unpaced (`paced: false`): skip them too once booted, as paced runs do (tests in the MCU's time). Default false. */
  skipIdleUnpaced?: boolean;
  /**
   * Unpaced: run in lockstep with the host (a test in the MCU's time, src/time/lockstep.ts): each
   * turn up to the host's next timer at most, the next once the host settled. Same steps, same cycles.
   */
  lockstep?: Lockstep;
  /** Simulated ms a pin must be still before its edges count as level changes. Default 10. */
  toggleWindowMs?: number;
  /** Edges in a row (each within the window) that make a tone. Default 8. */
  toneMinEdges?: number;
}

export interface BootInfo {
  /** Wall ms from power-on/reset to the firmware's first transmitted byte (end of setup()). */
  wallMs: number;
  /** Simulated ms of the same. */
  simulatedMs: number;
  /** True when the firmware never transmitted and the boot limit ended the fast-forward. */
  silent: boolean;
  /** With a bootloader: how long it ran before it started the application (included above). */
  bootloader?: { wallMs: number; simulatedMs: number };
  /** Simulated ms of the boot put back from an earlier identical boot rather than run (included above). */
  restoredMs?: number;
}

export interface SimulatedUnoStats {
  /** Simulated ms since this SimulatedUno was created (not counting time powered off). */
  simulatedMs: number;
  mode: PaceMode;
  /** Simulated seconds per wall second while running flat out (fast-forward or unpaced). */
  realTimeFactor: number;
  /** Wall ms the CPU was busy while paced, and simulated ms it covered then. */
  pacedBusyMs: number;
  pacedSimulatedMs: number;
  /** Simulated ms of idle firmware loop skipped rather than executed (this power-on). */
  idleSkippedMs: number;
  /** Wall ms the paced CPU fell behind and did not catch up (the host process was not scheduled). */
  forgivenLagMs: number;
  lastBoot: BootInfo | undefined;
}

export interface SimulatedUnoEvents {
  /** A pin's level change, classified (PWM edges are a tone, not pin changes); up to the toggle window late. */
  pin: [observation: PinObservation];
  /** A pin toggling like a tone started or stopped, with its frequency measured between edges. */
  tone: [observation: ToneObservation];
  /** Every raw edge of a pin, at once (what write confirmations wait for). */
  level: [pin: number, value: 0 | 1, at: number];
  /** A timer started, changed or stopped driving a pin with PWM, at once (read from its registers). */
  pwm: [pin: number, state: PwmState, at: number];
  /** What an input pin reads changed (a button, a pull-up), at once, in simulated ms `at`. */
  input: [pin: number, value: 0 | 1, at: number];
  /** An analog input was given a reading (0–1023: the voltage setAnalogInput put on it), in simulated ms `at`. */
  analog: [pin: number, reading: number, at: number];
  /** The CPU ran one turn (simulated time moved on). */
  turn: [];
  /**
   * A byte from the host was lost: it reached the receiver while UDR0 and the FIFO's second place
   * both held bytes the firmware had not read (a data overrun, the chip's DOR0). `overruns`: how
   * many since this power-on; `at`: simulated ms.
   */
  overrun: [overruns: number, at: number];
  /** The MCU is losing power (unplug, reset, stop): whatever it was about to do will not happen. */
  powerOff: [reason: Error];
  boot: [info: BootInfo];
}

type Waiter = { resolve: () => void; reject: (error: Error) => void };

/** Lockstep: a power-on's boot, run as its first turn; `snapshot` from the store, or `recorder` to make one for it. */
interface LockstepBoot {
  /** The store and this boot's key in it; none with no store (no key is worked out then). */
  saved: { store: BootSnapshotStore; key: string } | undefined;
  snapshot: BootSnapshot | undefined;
  recorder: BootRecorder | undefined;
  resetFlags: number;
  /** The wiring's changes at power-on: a wire changed before the first turn is part of the boot. */
  wiringChanges: number;
}

/** Paced: after its last byte lands, the CPU may run ahead of wall time this long for the firmware to act on it. */
const SETTLE_AHEAD_MS = 1;
/** A boot snapshot is kept when it spares at least this share of the boot (one taken early, while a host byte was on the line, would not). */
const WORTH_KEEPING = 0.9;
/**
 * While a boot is recorded, a fast turn ends after this much of the MCU's time (not only after the
 * pacer's 8 ms of wall): the snapshot is the state at the last turn's end before the first byte, and
 * with delay() skipped 8 ms of wall can be a tenth of the boot.
 */
const RECORDED_TURN_MS = 10;
/** Unpaced, skipping idle loops: cycles run between two looks at the wall clock (4 ms of the MCU's time). */
const UNPACED_SKIP_CHUNK_CYCLES = 64_000;

/**
 * A simulated Arduino board: the Uno by default, or the Mega 2560 (`model: 'mega'`). The name is
 * the Uno's, which came first; everything below follows the model's chip and pin map.
 */
export class SimulatedUno extends EventEmitter<SimulatedUnoEvents> {
  /** "simulated ATmega328P", "simulated ATmega2560". */
  readonly description: string;
  /** The board it is. */
  readonly model: SimModel;
  private readonly config: McuConfig;

  private readonly options: SimulatedUnoOptions;
  /** The chip's flash: kept across resets and power-offs, written by a bootloader's SPM. */
  private readonly flash: Uint16Array;
  private readonly fuses: Fuses;
  /** Word address of the boot section when a bootloader is loaded. */
  private readonly bootloaderStart: number | undefined;
  private readonly clock: SimClock;
  private readonly pins: PinWatch;
  private readonly pwm: PwmWatch;
  private readonly drive: PinDrive;
  private readonly pacer: Pacer;

  private mcu: Mcu | undefined;
  private idle: IdleLoopSkip | undefined;
  /** What was told to listeners, and bytes sent, by the end of the last turn (toldInTurn). */
  private told = 0;
  private toldBefore = 0;
  private sentBefore = 0;
  /** Recording this power-on's boot for the snapshot store, under this key. */
  private recorder: { recorder: BootRecorder; store: BootSnapshotStore; key: string; wiringChanges: number } | undefined;
  /** Lockstep: this power-on's boot, still to run as its first turn (runLockstepBoot). */
  private lockstepBoot: LockstepBoot | undefined;
  /** Simulated ms of this power-on's boot put back from a snapshot (0: none). */
  private restoredMs = 0;
  /** While a snapshot's boot is replayed: what the watches told, delivered after the first turn. */
  private held: (() => void)[] | undefined;
  private link: UsartLink | undefined;
  private transport: SimTransport | undefined;
  private isPlugged = true;
  /** 'new' until start()/openTransport(); 'stopped' after stop() until start(). */
  private life: 'new' | 'started' | 'stopped' = 'new';

  private booted = false;
  private bootWallStart = 0;
  private bootCycleStart = 0;
  private bootReported = true;
  /** Cycle (of the clock) at which the bootloader started the application; -1 while it runs. */
  private appCycleStart = 0;
  private bootloaderTime: BootInfo['bootloader'];
  private lastBoot: BootInfo | undefined;
  private bootWaiters: Waiter[] = [];

  constructor(options: SimulatedUnoOptions = {}) {
    super();
    this.options = options;
    this.model = options.model === 'mega' ? SIM_MEGA : SIM_UNO;
    const config = (this.config = this.model.mcu);
    this.description = `simulated ${config.name}`;
    this.clock = new SimClock(config.clockHz);
    this.drive = new PinDrive(config, (pin, value) => this.tell('input', pin, value, this.clock.ms));
    const flashBytes = config.flashBytes;
    const application =
      options.program ??
      (options.userFirmware && options.hexPath
        ? loadUserImage(options.hexPath, flashBytes, 'firmware', config.name)
        : loadProgramImage(options.hexPath ?? this.defaultFirmwarePath(), flashBytes, this.model));
    const bootloader = options.bootloaderPath ? loadUserImage(options.bootloaderPath, flashBytes, 'bootloader', config.name) : undefined;
    let contents: ReturnType<typeof flashContents>;
    try {
      contents = flashContents(application, bootloader);
    } catch (error) {
      throw new UserError(`${(error as Error).message}`);
    }
    ({ flash: this.flash, fuses: this.fuses, bootloaderStart: this.bootloaderStart } = contents);
    this.pins = new PinWatch(
      this.clock,
      {
        pin: (observation) => this.tell('pin', observation),
        tone: (observation) => this.tell('tone', observation),
        level: (pin, value, at) => this.tell('level', pin, value, at),
      },
      { toggleWindowMs: options.toggleWindowMs, toneMinEdges: options.toneMinEdges },
    );
    this.pwm = new PwmWatch((pin, state) => this.tell('pwm', pin, state, this.clock.ms));
    this.pacer = new Pacer(
      {
        cycles: () => this.mcu?.cycles ?? 0,
        runUntil: (target) => {
          if (this.lockstepBoot) return this.runLockstepBoot(target);
          if (this.idle && this.skipsIdle()) this.idle.runUntil(target);
          else this.mcu?.runUntil(target);
        },
        afterTurn: () => this.afterTurn(),
        leadCycles: () => this.leadCycles(),
        quiet: () => this.quiet(),
        told: () => this.toldInTurn(),
        turnOver: (ranCycles) => this.turnOver(ranCycles),
      },
      {
        clockHz: config.clockHz,
        tickMs: options.tickMs,
        quietTickMs: options.quietTickMs,
        idleTickMs: options.idleTickMs,
        maxLagMs: options.maxLagMs,
        // Unpaced with idle loops skipped: longer chunks, fewer looks at the wall clock between skips.
        ...(options.skipIdleUnpaced && { chunkCycles: UNPACED_SKIP_CHUNK_CYCLES }),
        ...(options.lockstep && { lockstep: this.pacerLockstep(options.lockstep) }),
      },
    );
  }

  /** The host's lockstep in the pacer's terms: cycles (at least one a turn), and the host's idleness. */
  private pacerLockstep(lockstep: Lockstep) {
    return {
      turnCycles: () => Math.max(1, Math.ceil(this.clock.msToCycles(lockstep.turnMs()))),
      whenHostIdle: (turn: () => void) => lockstep.whenHostIdle(turn),
      noticed: () => lockstep.noticed(),
    };
  }

  /** True while the MCU has power (started, plugged, not stopped). */
  get running(): boolean {
    return this.mcu !== undefined;
  }

  get plugged(): boolean {
    return this.isPlugged;
  }

  /** Simulated milliseconds so far (the clock of every observation's `at`). */
  get simulatedMs(): number {
    return this.clock.ms;
  }

  /** Powers the board on (if it is off) and resolves once the firmware has booted. */
  start(): Promise<void> {
    this.life = 'started';
    if (!this.isPlugged) return Promise.reject(this.unpluggedError());
    if (!this.mcu) this.powerOn();
    return this.whenBooted();
  }

  /**
   * Opens the board's serial port: a ByteTransport on USART0 at the firmware's baud rate, which
   * emits 'open' on the next turn of the event loop. Opening resets the MCU (an Uno's DTR
   * auto-reset), so the firmware boots again and announces itself; the boot is fast-forwarded.
   * Powers the board on if needed. One transport at a time.
   */
  async openTransport(): Promise<ByteTransport> {
    if (this.life === 'stopped') {
      throw new BoardOfflineError(`The simulated ${this.model.title} has been stopped; start() it again first.`);
    }
    if (!this.isPlugged) throw this.unpluggedError();
    if (this.transport?.isOpen) {
      throw new Error(`The simulated ${this.model.title} serial port is already open; close the current transport first.`);
    }
    this.life = 'started';
    this.powerOn(ResetFlag.external);
    const backend: TransportBackend = {
      send: (bytes, done) => {
        const link = this.link;
        if (!link) {
          if (done) process.nextTick(done, this.unpluggedError());
          return;
        }
        // Paced, the bytes go on the line at the MCU's time for now, however long it has slept.
        const upTo = link.send(bytes, this.pacer.wallCycle());
        this.pacer.wake();
        if (done) link.drained(upTo).then(() => done(null), (error: Error) => done(error));
      },
      flush: () => this.flush(),
      release: (transport) => {
        if (this.transport === transport) this.transport = undefined;
      },
    };
    const transport = new SimTransport(this.description, backend);
    this.transport = transport;
    return transport;
  }

  /** Resolves when every byte written so far has been clocked into the MCU's receiver. */
  flush(): Promise<void> {
    if (!this.link) return this.isPlugged ? Promise.resolve() : Promise.reject(this.unpluggedError());
    return this.link.drained();
  }

  /** The USB cable is pulled: the board loses power, the transport emits 'close' and writes are dropped. */
  unplug(): void {
    if (!this.isPlugged) return;
    this.isPlugged = false;
    this.powerOff(this.unpluggedError(), true);
  }

  /** The cable is back: a started board powers on and boots. Resolves once booted (at once if not started). */
  plug(): Promise<void> {
    this.isPlugged = true;
    if (this.life !== 'started') return Promise.resolve();
    if (!this.mcu) this.powerOn();
    return this.whenBooted();
  }

  /** Stops the CPU and every timer; the process can exit. start() powers it on again. */
  stop(): void {
    this.life = 'stopped';
    this.powerOff(new BoardOfflineError(`The simulated ${this.model.title} was stopped.`), false);
  }

  /** The pin's level as the MCU drives it now: 1 for an output driven high, else 0. */
  pinLevel(pin: number): 0 | 1 {
    return this.pins.level(pin);
  }

  /** What the MCU's timers do to the pin now: driving it with PWM (and at what duty and frequency) or not. */
  pwmState(pin: number): PwmState {
    return this.pwm.state(pin);
  }

  /**
   * Drives an input pin from outside the chip, as a button or a wire would: 1 (to 5 V), 0 (to
   * GND) or 'open' (nothing connected: the pin reads its pull-up, 1 with it on, else 0). Kept
   * across resets, like the wiring.
   */
  setInput(pin: number, level: DrivenLevel): void {
    this.drive.set(pin, level);
    this.inputChanged();
  }

  /** Puts a voltage on an analog input (Uno: pins 14–19 = A0–A5; Mega: 54–69 = A0–A15) that the ADC reads as `reading` (0–1023). */
  setAnalogInput(pin: number, reading: number): void {
    this.drive.setAnalog(pin, reading);
    this.inputChanged();
    this.tell('analog', pin, reading, this.clock.ms);
  }

  /** An input changed: the firmware's idleness is proven afresh, and a paced board runs a turn now. */
  private inputChanged(): void {
    this.idle?.invalidate();
    if (this.pacer.mode === 'paced') this.pacer.wake();
  }

  /** The reading an analog input was given (setAnalogInput), undefined if none. */
  analogInput(pin: number): number | undefined {
    return this.drive.reading(pin);
  }

  stats(): SimulatedUnoStats {
    const { fast, paced } = this.pacer.stats;
    const hz = this.config.clockHz;
    return {
      simulatedMs: this.clock.ms,
      mode: this.pacer.mode,
      realTimeFactor: fast.wallMs > 0 ? fast.cycles / hz / (fast.wallMs / 1000) : 0,
      pacedBusyMs: paced.wallMs,
      pacedSimulatedMs: (paced.cycles * 1000) / hz,
      idleSkippedMs: ((this.idle?.stats.skippedCycles ?? 0) * 1000) / hz,
      forgivenLagMs: (this.pacer.stats.forgivenCycles * 1000) / hz,
      lastBoot: this.lastBoot,
    };
  }

  /** The word address the bootloader starts at, when one is loaded. */
  get bootloaderAddress(): number | undefined {
    return this.bootloaderStart;
  }

  private defaultFirmwarePath(): string {
    return this.model === SIM_UNO ? bundledFirmwarePath() : modelFirmwarePath(this.model);
  }

  /** A copy of the flash as it is now (a bootloader may have written it). */
  flashImage(): Uint16Array {
    return new Uint16Array(this.flash);
  }

  /**
   * Powers on, or resets a powered board. MCUSR says why: power-on (PORF) from off; the reset
   * line (EXTRF, the DTR auto-reset) on a running board, kept with the flags software has not cleared.
   */
  private powerOn(resetFlag: number = ResetFlag.powerOn): void {
    const running = this.mcu;
    const resetFlags = running ? (running.cpu.data[MCUSR]! | resetFlag) & 0x0f : ResetFlag.powerOn;
    // A reset: whoever awaits the boot (start(), plug()) gets the boot that follows.
    if (this.mcu) this.powerOff(new BoardOfflineError(`The simulated ${this.model.title} was reset.`), true, false);
    this.bootWallStart = performance.now();
    this.bootCycleStart = this.clock.cycles;
    this.wireAndRestore(resetFlags);
    const mcu = this.mcu!;
    this.idle = this.idleSkipFor(mcu);
    this.booted = false;
    this.bootReported = false;
    this.bootloaderTime = undefined;
    // A bootloader waits for a flasher in wall time: it runs paced, never fast-forwarded.
    this.appCycleStart = this.bootloaderStart === undefined ? this.bootCycleStart : -1;
    this.pacer.start(this.appCycleStart < 0 && this.options.paced !== false ? 'paced' : this.bootMode());
  }

  /**
   * Paced runs skip proven idle loops, and so does the fast-forward of their boots (its delay()s);
   * unpaced runs asked to skip them once booted; other unpaced runs execute every cycle.
   */
  private skipsIdle(): boolean {
    if (this.pacer.mode === 'paced') return true;
    if (this.options.paced !== false) return !this.booted;
    return this.booted && this.options.skipIdleUnpaced === true;
  }

  /**
   * The idle-loop skip of a power-on, installed last: it wraps every I/O hook as it finds it, so the
   * watches' hooks must be in place (a hook replaced after it would make every proof fail, and
   * nothing would be skipped).
   */
  private idleSkipFor(mcu: Mcu): IdleLoopSkip | undefined {
    return this.options.skipIdle === false ? undefined : new IdleLoopSkip(mcu);
  }

  /** A new power-on of the chip, its serial line and the watches on its pins. */
  private wire(resetFlags: number): void {
    const mcu = new Mcu(this.flash, this.config, { fuses: this.fuses, resetFlags });
    const link = new UsartLink(mcu);
    link.onOverrun = (overruns) => this.emit('overrun', overruns, this.clock.ms);
    link.onTransmit = () => {
      // A bootloader answering a flasher is not the firmware announcing itself.
      if (!this.booted && !this.inBootloader(mcu)) this.markBooted(false);
    };
    this.mcu = mcu;
    this.link = link;
    this.clock.follow(() => mcu.cycles);
    this.pins.attach(mcu);
    this.pwm.attach(mcu);
    this.drive.attach(mcu);
  }

  /**
   * Wires a new power-on and puts back the boot of an earlier identical one if the store has it,
   * or records this one's for it. A snapshot that does not replay is dropped, and the chip is
   * wired afresh with nothing of the attempt told.
   */
  private wireAndRestore(resetFlags: number): void {
    this.recorder = undefined;
    this.lockstepBoot = undefined;
    this.restoredMs = 0;
    const store = this.options.bootSnapshots ?? defaultBootSnapshots();
    // In lockstep the boot is a turn of its own with or without a store, so a store changes no run.
    if (this.options.lockstep && this.bootloaderStart === undefined) return this.wireForLockstepBoot(store || undefined, resetFlags);
    const eligible = store && this.bootloaderStart === undefined && this.bootMode() === 'fast';
    if (!eligible) return this.wire(resetFlags);
    const wiring = this.drive.describe();
    const key = bootSnapshotKey({ flash: this.flash, chip: this.config.name, resetFlags, wiring });
    const snapshot = store.get(key);
    if (snapshot) {
      this.held = [];
      this.wire(resetFlags);
      // What wiring told (the inputs' first reads) is heard at once, as on any power-on.
      const atPowerOn = this.held.splice(0);
      if (replayBoot(this.mcu!, snapshot)) {
        atPowerOn.forEach((deliver) => deliver());
        this.restoredMs = this.clock.toMs(this.mcu!.cycles);
        return;
      }
      store.drop(key);
      this.discardPowerOn();
    }
    this.wire(resetFlags);
    this.recorder = { recorder: new BootRecorder(this.mcu!), store, key, wiringChanges: this.drive.changes };
  }

  /** Undoes a power-on a snapshot did not fit (it never really ran): nothing of it is told. */
  private discardPowerOn(): void {
    this.held = undefined;
    this.pins.powerOff(false);
    this.pwm.clear();
    this.drive.detach();
    this.link?.cut(new BoardOfflineError('A boot snapshot did not fit this chip.'));
    this.clock.abandon();
  }

  /** Lockstep: wires the power-on; its boot runs as its first turn, from the store's snapshot or recorded for it. */
  private wireForLockstepBoot(store: BootSnapshotStore | undefined, resetFlags: number): void {
    const saved = store && { store, key: bootSnapshotKey({ flash: this.flash, chip: this.config.name, resetFlags, wiring: this.drive.describe(), lockstepGridMs: LOCKSTEP_BOOT_GRID_MS }) };
    const snapshot = saved?.store.get(saved.key);
    this.wire(resetFlags);
    // Before the idle-loop skip (powerOn installs it next), as every recorder.
    const recorder = saved && !snapshot ? new BootRecorder(this.mcu!) : undefined;
    this.lockstepBoot = { saved, snapshot, recorder, resetFlags, wiringChanges: this.drive.changes };
  }

  /**
   * Lockstep: the power-on's first turn runs its boot to the first grid point past its end
   * (lockstep-boot.ts), put back from the snapshot when it stands for a point before the host's
   * next timer, else in full, and recorded if there is none. What the watches tell meanwhile is
   * heard after the turn either way. Something from the host before it (a byte, a changed wire)
   * makes it a turn like any other.
   */
  private runLockstepBoot(target: number): void {
    const boot = this.lockstepBoot!;
    this.lockstepBoot = undefined;
    const { mcu, link } = this;
    if (!mcu || !link) return;
    if (mcu.cycles > 0 || link.pending > 0 || link.delivered > 0 || this.drive.changes !== boot.wiringChanges) {
      boot.recorder?.abandon();
      return mcu.runUntil(target);
    }
    const horizonCycles = Math.ceil(this.clock.msToCycles(this.options.lockstep!.horizonMs()));
    this.held = [];
    if (boot.snapshot && boot.snapshot.state.cycles < horizonCycles) {
      if (replayBoot(mcu, boot.snapshot)) this.restoredMs = this.clock.toMs(mcu.cycles);
      else {
        boot.saved?.store.drop(boot.saved.key);
        this.discardPowerOn();
        this.wire(boot.resetFlags);
        this.idle = this.idleSkipFor(this.mcu!);
        this.held = [];
      }
    }
    const snapshot = runBootOnGrid({
      mcu: this.mcu!,
      gridCycles: this.clock.msToCycles(LOCKSTEP_BOOT_GRID_MS),
      limitCycles: this.bootLimitCycles(),
      horizonCycles,
      spoke: () => this.booted,
      recorder: boot.recorder,
    });
    if (snapshot && snapshot.state.cycles >= this.mcu!.cycles * WORTH_KEEPING) boot.saved?.store.put(boot.saved.key, snapshot);
  }

  /**
   * After a turn of a recorded boot: take the chip's state while nothing from outside has reached
   * it (a host byte waiting for the receiver has not; one on the line stops takeMcuState itself),
   * and store the snapshot once the firmware has spoken, if it spares most of the boot.
   */
  private recordBoot(): void {
    const recording = this.recorder;
    const { mcu, link } = this;
    if (!recording?.recorder.active || !mcu || !link) return;
    const { recorder, store, key, wiringChanges } = recording;
    // A button pressed and let go within one turn leaves the wiring as it was, not the chip.
    if (link.delivered > 0 || this.drive.changes !== wiringChanges) return recorder.abandon();
    if (!this.booted) return recorder.take();
    const snapshot = recorder.finish();
    if (snapshot && snapshot.state.cycles >= mcu.cycles * WORTH_KEEPING) store.put(key, snapshot);
  }

  /** Tells listeners, or holds what the watches say while a snapshot's boot is replayed. */
  private tell<E extends keyof SimulatedUnoEvents>(event: E, ...args: SimulatedUnoEvents[E]): void {
    this.told++;
    if (this.held) this.held.push(() => (this.emit as (event: E, ...args: SimulatedUnoEvents[E]) => boolean)(event, ...args));
    else (this.emit as (event: E, ...args: SimulatedUnoEvents[E]) => boolean)(event, ...args);
  }

  /** Delivers what the watches said during a replayed boot. */
  private deliverHeld(): void {
    const held = this.held;
    this.held = undefined;
    held?.forEach((deliver) => deliver());
  }

  private bootMode(): PaceMode {
    const fastForward = this.options.fastForwardBoot ?? true;
    return fastForward || this.options.paced === false ? 'fast' : 'paced';
  }

  private inBootloader(mcu: Mcu): boolean {
    return this.bootloaderStart !== undefined && mcu.cpu.pc >= this.bootloaderStart;
  }

  /** After a turn while the bootloader ran: has it started the application? Then its boot is fast-forwarded. */
  private watchBootloader(mcu: Mcu): void {
    if (this.inBootloader(mcu)) return;
    this.appCycleStart = this.clock.cycles;
    this.bootloaderTime = {
      wallMs: performance.now() - this.bootWallStart,
      simulatedMs: this.clock.toMs(this.appCycleStart - this.bootCycleStart),
    };
    this.pacer.setMode(this.bootMode());
  }

  /** Cuts the transport and the line, drops the pins, stops the CPU. */
  private powerOff(reason: Error, reportPins: boolean, failBootWaiters = true): void {
    // What a replayed boot's watches said happened before the power went.
    this.deliverHeld();
    if (this.mcu) this.emit('powerOff', reason);
    const transport = this.transport;
    this.transport = undefined;
    transport?.cut(reason);
    this.pacer.stop();
    this.link?.cut(reason);
    this.link = undefined;
    if (this.mcu) {
      this.pins.powerOff(reportPins);
      this.pwm.clear();
      this.drive.detach();
      this.clock.freeze();
    }
    this.mcu = undefined;
    this.idle = undefined;
    this.recorder = undefined;
    this.lockstepBoot?.recorder?.abandon();
    this.lockstepBoot = undefined;
    this.booted = false;
    if (!failBootWaiters) return;
    const waiters = this.bootWaiters;
    this.bootWaiters = [];
    for (const waiter of waiters) waiter.reject(reason);
  }

  /** Called inside the CPU loop at the firmware's first transmitted byte, or by the boot limit. */
  private markBooted(silent: boolean): void {
    this.booted = true;
    this.lastBoot = {
      wallMs: performance.now() - this.bootWallStart,
      simulatedMs: this.clock.toMs(this.clock.cycles - this.bootCycleStart),
      silent,
      ...(this.bootloaderTime ? { bootloader: this.bootloaderTime } : {}),
      ...(this.restoredMs > 0 ? { restoredMs: this.restoredMs } : {}),
    };
    if (this.options.paced !== false) this.pacer.setMode('paced');
  }

  private whenBooted(): Promise<void> {
    if (this.booted && this.bootReported) return Promise.resolve();
    return new Promise((resolve, reject) => this.bootWaiters.push({ resolve, reject }));
  }

  /**
   * Paced: how far the CPU should run ahead of wall time now: while host bytes are on the line,
   * and after the last one landed until the firmware is idle again (at most SETTLE_AHEAD_MS), so
   * a write is applied as soon as the line allows, not at the next tick.
   */
  private leadCycles(): number {
    const { mcu, link } = this;
    if (!mcu || !link || !this.booted) return 0;
    const settle = this.clock.msToCycles(SETTLE_AHEAD_MS);
    const onLine = link.lineCycles;
    if (onLine > 0) return onLine + settle;
    if (link.lastLandedAt < 0 || (this.idle && this.idle.idleSince >= link.lastLandedAt)) return 0;
    return Math.max(0, link.lastLandedAt + settle - mcu.cycles);
  }

  /** Paced: the turn just run told listeners something or sent the host bytes. */
  private toldInTurn(): boolean {
    return this.told !== this.toldBefore || (this.link?.transmitted ?? 0) !== this.sentBefore;
  }

  /** Paced: the firmware was proven idle within the last 2 ms and no byte is on its way in. */
  private quiet(): boolean {
    const { mcu, link, idle } = this;
    if (!mcu || !link || !idle || link.pending > 0) return false;
    return idle.idleSince >= mcu.cycles - this.clock.msToCycles(2);
  }

  /**
   * A fast-forwarded turn ends at a reset the chip asked for, or once the boot limit is reached, so
   * that the next power-on, or paced time, starts there: a fast machine's turn of 8 wall ms can
   * hold more simulated time than a watchdog's 16 ms. While a boot is recorded, also after
   * RECORDED_TURN_MS of the MCU's time (`ranCycles`: this turn's so far).
   */
  private turnOver(ranCycles: number): boolean {
    const mcu = this.mcu;
    if (!mcu) return true;
    if (mcu.resetRequest !== undefined) return true;
    if (this.recorder?.recorder.active && ranCycles >= this.clock.msToCycles(RECORDED_TURN_MS)) return true;
    return !this.booted && this.appCycleStart >= 0 && this.clock.cycles - this.appCycleStart >= this.bootLimitCycles();
  }

  private bootLimitCycles(): number {
    return this.clock.msToCycles(this.options.bootLimitMs ?? 4000);
  }

  private afterTurn(): void {
    this.deliverHeld();
    this.toldBefore = this.told;
    this.sentBefore = this.link?.transmitted ?? 0;
    const link = this.link;
    if (!link) return;
    const data = link.takeTransmitted();
    if (data) this.transport?.deliver(data);
    if (this.mcu?.resetRequest !== undefined) return this.resetItself();
    link.settle();
    this.pins.poll();
    this.emit('turn');
    if (!this.booted && this.appCycleStart < 0 && this.mcu) this.watchBootloader(this.mcu);
    if (!this.booted && this.appCycleStart >= 0) {
      if (this.clock.cycles - this.appCycleStart >= this.bootLimitCycles()) this.markBooted(true);
    }
    this.recordBoot();
    if (this.booted && !this.bootReported) {
      this.bootReported = true;
      const waiters = this.bootWaiters;
      this.bootWaiters = [];
      for (const waiter of waiters) waiter.resolve();
      if (this.lastBoot) this.emit('boot', this.lastBoot);
    }
  }

  /**
   * The chip reset itself (the watchdog): it starts again, at the boot section if BOOTRST says so,
   * with WDRF in MCUSR. The USB serial chip is not reset: the port stays open, as on the board.
   */
  private resetItself(): void {
    const transport = this.transport;
    this.transport = undefined;
    this.powerOn(ResetFlag.watchdog);
    this.transport = transport;
  }

  private unpluggedError(): BoardOfflineError {
    const error = new BoardOfflineError(`the simulated ${this.model.title} is unplugged: plug its USB cable back in (the live view's "plug the USB cable back" button, or plug() in a program)`);
    return Object.assign(error, { disconnected: true });
  }
}
