import { EventEmitter } from 'node:events';
import { BoardOfflineError, type Board, type BoardIdentity, type InputObservation, type ServoObservation } from './board.js';
import { checkAnalogReadOptions, checkDegrees, checkDigitalReadOptions, checkDuty, checkLevel, checkPinMode, type AnalogReadOptions, type DigitalReadOptions, type OutputSafety, type PinMode, type PinSetupName, type PinSetups } from './capabilities.js';
import { unoPinModes } from './uno-pins.js';
import { WriteHistory } from './write-history.js';
import { wallClock, type Clock, type ClockTimer } from '../time/clock.js';

export type { RecordedWrite } from './write-history.js';

export interface MockBoardOptions {
  /** How many writes the history keeps (the oldest go first). Default 1,000. */
  historySize?: number;
  /** The clock its writes are timed by and its analog readings come on. Default: the wall's. */
  clock?: Clock;
  /**
   * The mock's capability report: every pin's modes, index = pin. Default: an Uno's pins
   * (uno-pins.ts). A test gives another board's (a Mega's, a Nano's, one of its own).
   */
  pins?: ReadonlyArray<readonly PinMode[]>;
}

const DEFAULT_ANALOG_INTERVAL_MS = 19;

/**
 * A board in memory that describes an Uno's pins: every write (digital, PWM, servo) is recorded
 * with its time (the last `historySize` of them), observations are what the host wrote, inputs are driven by the test
 * (setInput), and it can be told to fail (writes rejected) or to go offline and come back, like a cable.
 */
export class MockBoard extends EventEmitter implements Board, OutputSafety, PinSetups {
  readonly kind = 'mock';
  readonly port = 'memory';
  readonly writes: WriteHistory;
  readonly identity: BoardIdentity = { kind: 'mock', firmware: 'pinmesh mock board', version: '1.0', port: 'memory', board: 'uno' };
  // Bound (these maps): one entry per pin (20 on an Uno); the writes themselves go to a ring (WriteHistory, 1,000 by default).
  private readonly levels = new Map<number, 0 | 1>();
  private readonly duties = new Map<number, number>();
  /** Each attached servo's angle. */
  private readonly angles = new Map<number, number>();
  private readonly inputs = new Map<number, number>();
  private readonly digitalInputs = new Map<number, { level: 0 | 1; pullUp: boolean }>();
  private readonly analogTimers = new Map<number, ClockTimer>();
  /** The analog inputs' sampling interval (ms): one for the board, as Firmata's. */
  private samplingMs = DEFAULT_ANALOG_INTERVAL_MS;
  /** What each pin was last used as. */
  private readonly setups = new Map<number, PinSetupName>();
  /** The clock its writes and inputs are timed by (devices that wait, a button's debounce, wait on it). */
  readonly clock: Clock;
  private failure: string | undefined;
  private isOnline = true;
  private closed = false;
  private readonly pins: ReadonlyArray<readonly PinMode[]> | undefined;
  readonly pinSource: string;

  constructor(options: MockBoardOptions = {}) {
    super();
    this.writes = new WriteHistory(options.historySize);
    this.clock = options.clock ?? wallClock;
    this.pins = options.pins;
    this.pinSource = options.pins ? 'capability report of the mock board' : "the mock board's Uno pins";
  }

  get online(): boolean {
    return this.isOnline && !this.closed;
  }

  async ready(): Promise<BoardIdentity> {
    if (this.closed) throw new BoardOfflineError('the mock board is closed');
    return this.identity;
  }

  pinModes(pin: number): readonly PinMode[] {
    return this.pins ? (this.pins[pin] ?? []) : unoPinModes(pin);
  }

  async digitalWrite(pin: number, value: 0 | 1): Promise<void> {
    checkLevel(value);
    this.check(pin, 'digital-out');
    this.setups.set(pin, 'OUTPUT');
    this.recordDigital(pin, value);
  }

  async pwmWrite(pin: number, duty: number): Promise<void> {
    checkDuty(duty);
    this.check(pin, 'pwm');
    this.setups.set(pin, 'PWM');
    this.recordPwm(pin, duty);
  }

  async servoWrite(pin: number, degrees: number): Promise<void> {
    checkDegrees(degrees);
    this.check(pin, 'servo');
    this.setups.set(pin, 'SERVO');
    const at = this.clock.now();
    this.writes.add({ pin, kind: 'servo', value: degrees, at });
    const changed = this.angles.get(pin) !== degrees;
    this.angles.set(pin, degrees);
    if (changed) this.emit('servo', { pin, degrees, at, source: 'host' } satisfies ServoObservation);
  }

  async digitalRead(pin: number, options: DigitalReadOptions = {}): Promise<0 | 1> {
    checkDigitalReadOptions(options);
    this.check(pin, 'digital-in');
    const pullUp = options.pullUp ?? false;
    this.setups.set(pin, pullUp ? 'INPUT_PULLUP' : 'INPUT');
    const level = this.inputLevel(pin, pullUp);
    this.digitalInputs.set(pin, { level, pullUp });
    return level;
  }

  async analogRead(pin: number, options: AnalogReadOptions = {}): Promise<number> {
    checkAnalogReadOptions(options);
    this.check(pin, 'analog-in');
    this.setups.set(pin, 'ANALOG');
    // As Firmata's: one sampling interval for the board, kept when a read gives none; a pin already
    // reporting at it goes on as it was (a sketch reading in a loop does not hold its reports back).
    const interval = options.intervalMs ?? this.samplingMs;
    if (this.analogTimers.has(pin) && interval === this.samplingMs) return this.inputs.get(pin) ?? 0;
    this.samplingMs = interval;
    this.analogTimers.get(pin)?.cancel();
    const sample = () => {
      this.analogTimers.set(pin, this.clock.setTimer(sample, this.samplingMs));
      if (this.online) this.emitInput(pin, 'analog', this.inputs.get(pin) ?? 0);
    };
    this.analogTimers.set(pin, this.clock.setTimer(sample, interval));
    return this.inputs.get(pin) ?? 0;
  }

  /**
   * What the outside world does to an input: a digital level (0/1), an analog value (0–1023), or
   * 'open' (nothing drives it: a digital input reads its pull-up).
   */
  setInput(pin: number, value: number | 'open'): void {
    if (value === 'open') this.inputs.delete(pin);
    else this.inputs.set(pin, value);
    const watched = this.digitalInputs.get(pin);
    if (watched === undefined) return;
    const level = this.inputLevel(pin, watched.pullUp);
    if (level === watched.level) return;
    watched.level = level;
    if (this.online) this.emitInput(pin, 'digital', level);
  }

  /** Every pin used so far, and as what (see PinSetups). */
  pinSetups(): ReadonlyMap<number, PinSetupName> {
    return this.setups;
  }

  /** The last level written to a digital output (0 if never written). */
  level(pin: number): 0 | 1 {
    return this.levels.get(pin) ?? 0;
  }

  /** The last PWM duty written to a pin (0 if never written). */
  duty(pin: number): number {
    return this.duties.get(pin) ?? 0;
  }

  /** The angle last written to a servo, or undefined if none is attached (never written, or detached). */
  angle(pin: number): number | undefined {
    return this.angles.get(pin);
  }

  /** Every following write rejects with `reason` until `failWrites(undefined)`. */
  failWrites(reason: string | undefined): void {
    this.failure = reason;
  }

  /** The cable is pulled: 'offline' is emitted and writes reject until goOnline(). */
  goOffline(reason = 'mock board unplugged'): void {
    if (!this.isOnline) return;
    this.isOnline = false;
    this.emit('offline', reason);
  }

  goOnline(): void {
    if (this.isOnline) return;
    this.isOnline = true;
    this.emit('online', this.identity);
  }

  /** One output made safe (see OutputSafety): LOW (recorded even if it was LOW), PWM 0, servo detached. */
  async makeSafe(pin: number): Promise<void> {
    if (this.closed) throw new BoardOfflineError('the mock board is closed');
    if (!this.isOnline) throw new BoardOfflineError('the mock board is offline');
    if (this.levels.has(pin)) this.recordDigital(pin, 0);
    if (this.duties.has(pin)) this.recordPwm(pin, 0);
    if (this.angles.has(pin)) this.detachServo(pin);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const timer of this.analogTimers.values()) timer.cancel();
    this.analogTimers.clear();
    for (const [pin, level] of this.levels) if (level !== 0) this.recordDigital(pin, 0);
    for (const [pin, duty] of this.duties) if (duty !== 0) this.recordPwm(pin, 0);
    for (const pin of this.angles.keys()) this.detachServo(pin);
    this.closed = true;
  }

  private check(pin: number, mode: PinMode): void {
    if (this.closed) throw new BoardOfflineError('the mock board is closed');
    if (!this.isOnline) throw new BoardOfflineError('the mock board is offline');
    if (this.failure) throw new BoardOfflineError(this.failure);
    checkPinMode(this, pin, mode);
  }

  private inputLevel(pin: number, pullUp: boolean): 0 | 1 {
    const driven = this.inputs.get(pin);
    if (driven === undefined) return pullUp ? 1 : 0;
    return driven ? 1 : 0;
  }

  private recordDigital(pin: number, value: 0 | 1): void {
    const at = this.clock.now();
    this.writes.record(pin, 'digital', value, at);
    const changed = this.level(pin) !== value;
    this.levels.set(pin, value);
    if (changed) this.emit('pin', { pin, value, at, source: 'host' });
  }

  private recordPwm(pin: number, duty: number): void {
    const at = this.clock.now();
    this.writes.record(pin, 'pwm', duty, at);
    const changed = this.duty(pin) !== duty;
    this.duties.set(pin, duty);
    if (changed) this.emit('pwm', { pin, duty, at, source: 'host' });
  }

  /** The fail-safe for a servo: its pulses stop (it holds no position), its pin LOW. */
  private detachServo(pin: number): void {
    const at = this.clock.now();
    this.writes.add({ pin, kind: 'servo-detach', value: 0, at });
    this.angles.delete(pin);
    this.emit('servo', { pin, at, source: 'host' } satisfies ServoObservation);
  }

  private emitInput(pin: number, mode: InputObservation['mode'], value: number): void {
    this.emit('input', { pin, mode, value, at: this.clock.now(), source: 'host' } satisfies InputObservation);
  }
}
