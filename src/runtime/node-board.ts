import type { Board, BoardEvents, BoardIdentity } from '../boards/board.js';
import { analogPin, type AnalogPinName } from '../boards/analog-inputs.js';
import { checkPinMode, type AnalogReadOptions, type DigitalReadOptions, type PinMode } from '../boards/capabilities.js';
import { claimsOf, type PinClaims } from '../boards/pin-claims.js';
import { checkDeviceOptions, isReportingDevice, isStoppableDevice, type DeviceClass, type ObservationKind } from '../devices/device.js';
import { Led, type DigitalOutput } from '../devices/led.js';
import { Piezo } from '../devices/piezo.js';
import { registerEvents } from '../report/event-lines.js';
import type { Reporter } from '../report/events.js';
import { reportNodeObservations } from './observations.js';
import { wallClock, type Clock } from '../time/clock.js';

/**
 * One node's view of a (possibly shared) board: what `this.board` is in a sketch.
 *
 * It offers the board's capabilities, and devices built on them: `attach(Device, pin)` for any
 * device (src/devices/), with `digitalOutput(pin)` (an LED) and `piezo(pin)` as shortcuts. Every
 * pin the sketch uses is claimed for this node: claiming a pin for another mode than it already
 * has (here or in another node on the same board) is an error, and the board's observations on
 * the node's pins are reported as this node's `pin`, `pwm`, `servo` and `input` events, and a
 * device's own as it says them (a piezo's PWM as `buzz`, a button's presses as `button`).
 * Sketches, built-in or the user's, get truthful pin output without reporting anything themselves.
 */
export class NodeBoard implements Board {
  private readonly claims: PinClaims;
  /** What close() does: stop the reports and the devices that run something. */
  private readonly whenClosed: Array<() => void> = [];
  /** The observations that devices on a pin report themselves, by pin. */
  private readonly devicesObserve = new Map<number, readonly ObservationKind[]>();
  /**
   * What the sketch listens to on the board (on()), removed when the node closes; off() takes its
   * entry back, so a sketch that listens and stops, again and again, holds nothing. Bound: the
   * listeners on at once.
   */
  private readonly listening = new Set<{ event: keyof BoardEvents; listener: (...args: unknown[]) => void }>();
  /** The kinds of device reporting on each pin: a sketch that asks for its piezo twice hears it once. */
  private readonly reporting = new Map<number, Set<Function>>();

  /**
   * `clock`: the run's (virtual under pinmesh/testing), which the board's observations are timed
   * by; devices that wait (a button's debounce) wait on it.
   */
  constructor(
    private readonly board: Board,
    readonly node: string,
    private readonly reporter: Reporter,
    readonly clock: Clock = wallClock,
  ) {
    this.claims = claimsOf(board);
    this.whenClosed.push(
      reportNodeObservations(board, reporter, node, (pin, kind) => this.claims.holds(node, pin) && !this.devicesObserve.get(pin)?.includes(kind)),
    );
  }

  get kind(): string {
    return this.board.kind;
  }

  get online(): boolean {
    return this.board.online;
  }

  get port(): string {
    return this.board.port;
  }

  get connectHint(): string | undefined {
    return this.board.connectHint;
  }

  ready(): Promise<BoardIdentity> {
    return this.board.ready();
  }

  /**
   * A device on `pin`, built on this board's capabilities, with its options; the pin is claimed
   * for the device's mode. A device that reports (a piezo's `buzz`, a button's presses) reports
   * as this node, with the lines of its static `events`.
   */
  attach<Device, Options = never>(device: DeviceClass<Board, Device, Options>, pin: number, options?: Options): Device {
    // Checked against the connected board's own report, when it answered (a board still connecting checks at the first write).
    if (this.board.online) checkPinMode(this.board, pin, device.claim.mode);
    checkDeviceOptions(device, options);
    this.claim(pin, device.claim.mode, device.claim.use);
    const attached = new device(this, pin, options);
    if (isStoppableDevice(attached)) this.whenClosed.push(() => attached.stop());
    if (isReportingDevice(attached) && !this.reporting.get(pin)?.has(device)) {
      this.reporting.set(pin, (this.reporting.get(pin) ?? new Set()).add(device));
      if (device.events) registerEvents(device.events);
      if (attached.observes) this.devicesObserve.set(pin, [...(this.devicesObserve.get(pin) ?? []), ...attached.observes]);
      this.whenClosed.push(attached.reportTo((event) => this.reporter.report(this.node, event)));
    }
    return attached;
  }

  /** An LED (any digital output) on `pin`. */
  digitalOutput(pin: number): DigitalOutput {
    return this.attach(Led, pin);
  }

  /** A passive piezo on a PWM pin. */
  piezo(pin: number): Piezo {
    return this.attach(Piezo, pin);
  }

  /** Claims `pin` for this node (done by every device and capability call; explicit use is optional). */
  claim(pin: number, mode: PinMode, use: string = mode): void {
    this.claims.claim(pin, { node: this.node, use, mode });
  }

  pinModes(pin: number): readonly PinMode[] {
    return this.board.pinModes(pin);
  }

  get pinSource(): string | undefined {
    return this.board.pinSource;
  }

  async digitalWrite(pin: number, value: 0 | 1): Promise<void> {
    this.claim(pin, 'digital-out');
    return this.board.digitalWrite(pin, value);
  }

  async pwmWrite(pin: number, duty: number): Promise<void> {
    this.claim(pin, 'pwm');
    return this.board.pwmWrite(pin, duty);
  }

  async servoWrite(pin: number, degrees: number): Promise<void> {
    this.claim(pin, 'servo');
    return this.board.servoWrite(pin, degrees);
  }

  async digitalRead(pin: number, options?: DigitalReadOptions): Promise<0 | 1> {
    this.claim(pin, 'digital-in');
    return this.board.digitalRead(pin, options);
  }

  /** An analog input's reading (0–1023): `pin` is its number or Arduino's name, 'A0' (pin 14 on an Uno). */
  async analogRead(pin: number | AnalogPinName, options?: AnalogReadOptions): Promise<number> {
    const number = analogPin(this.board, pin);
    this.claim(number, 'analog-in');
    return this.board.analogRead(number, options);
  }

  /** The node is done with the board: its devices that run something stop (StoppableDevice), it stops reporting and frees its pins. The board itself is closed by its owner. */
  async close(): Promise<void> {
    for (const stop of this.whenClosed.splice(0)) stop();
    for (const { event, listener } of this.listening) this.board.off(event, listener as never);
    this.listening.clear();
    this.devicesObserve.clear();
    this.reporting.clear();
    this.claims.release(this.node);
  }

  /** Listens to the board (a sketch following its inputs: 'input'); the listener goes when the node closes. */
  on<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this {
    this.board.on(event, listener);
    this.listening.add({ event, listener: listener as (...args: unknown[]) => void });
    return this;
  }

  off<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this {
    this.board.off(event, listener);
    for (const held of this.listening) if (held.event === event && held.listener === listener) this.listening.delete(held);
    return this;
  }
}
