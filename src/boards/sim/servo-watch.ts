/**
 * Servo truth from the MCU's own pin: StandardFirmata drives servos with the Arduino Servo
 * library, whose Timer1 interrupt raises a pin and lowers it again after the servo's pulse width,
 * every 20 ms. The watch times those edges (the simulated Uno's raw 'level' events, at the cycle
 * they happen) and reads the angle back from the pulse width (544–2400 µs for 0–180°).
 *
 * A pin counts as a servo signal once a HIGH pulse of servo width follows the previous rising
 * edge by a servo period; an LED switched by digital writes does not look like that. It reports a
 * change of angle (with the measured pulse) at the rising edge of the first pulse that shows it,
 * and a stop once no servo pulse came for `SILENT_MS` (detached, or the firmware stopped).
 * Measured widths jitter by a few µs while serial bytes arrive (their interrupt delays Timer1's);
 * a change smaller than `HYSTERESIS_US` is that jitter, not a new angle (1° is 10.3 µs). Another
 * angle is believed when two pulses in a row show it, and reported at the first one's rise: the
 * first pulse after a write is the one most likely stretched or cut (the write's own bytes are
 * arriving), and 5 µs is enough to round 45° (1008 µs) up to 46°, which the hysteresis would then
 * have held (a simulated Mega 2560 under load once showed 46° for a write of 45°).
 */
import { EventEmitter } from 'node:events';
import type { ServoObservation } from '../board.js';
import { degreesForPulse, pulseForDegrees } from '../servo-pulse.js';
import type { SimulatedUno } from './simulated-uno.js';

/** Widths (µs) a servo pulse can have: the Servo library clamps to 544–2400, with some slack. */
const PULSE_US = { min: 400, max: 2_600 };
/** Rising edge to rising edge (ms): 20 ms, longer with many servos on the timer (12 × 2.4 ms). */
const PERIOD_MS = { min: 10, max: 40 };
/** Simulated ms without a servo pulse after which the pin counts as no longer pulsing. */
export const SILENT_MS = 50;
/** Pulse-width jitter (µs) that does not count as a new angle. */
const HYSTERESIS_US = 8;

/** What the MCU's pulses on a pin say now. */
export type ServoState = { pulsing: false } | { pulsing: true; degrees: number; pulseUs: number };

interface Track {
  rise: number | undefined;
  previousRise: number | undefined;
  /** Simulated ms of the last servo pulse's end. */
  lastPulse: number;
  state: ServoState;
  /** A pulse that showed another angle than `state`: believed if the next one shows it too. */
  candidate: { degrees: number; pulseUs: number; rise: number } | undefined;
}

export interface ServoWatchEvents {
  /** A pin's pulses began commanding another angle, or stopped (no `degrees`). */
  servo: [observation: ServoObservation];
}

export class ServoWatch extends EventEmitter<ServoWatchEvents> {
  /** Bound: one per pin a servo pulse was seen on (20 on an Uno). */
  private readonly tracks = new Map<number, Track>();

  constructor(private readonly uno: SimulatedUno) {
    super();
    uno.on('level', (pin, value, at) => (value === 1 ? this.rise(pin, at) : this.fall(pin, at)));
    uno.on('turn', () => this.expire());
    uno.on('powerOff', () => this.powerOff());
  }

  /** What the pulses on `pin` command now. */
  state(pin: number): ServoState {
    return this.tracks.get(pin)?.state ?? { pulsing: false };
  }

  private track(pin: number): Track {
    let track = this.tracks.get(pin);
    if (!track) this.tracks.set(pin, (track = { rise: undefined, previousRise: undefined, lastPulse: -Infinity, state: { pulsing: false }, candidate: undefined }));
    return track;
  }

  private rise(pin: number, at: number): void {
    const track = this.track(pin);
    track.previousRise = track.rise;
    track.rise = at;
  }

  private fall(pin: number, at: number): void {
    const track = this.tracks.get(pin);
    if (track?.rise === undefined || track.previousRise === undefined) return;
    const widthUs = (at - track.rise) * 1000;
    const periodMs = track.rise - track.previousRise;
    if (widthUs < PULSE_US.min || widthUs > PULSE_US.max || periodMs < PERIOD_MS.min || periodMs > PERIOD_MS.max) {
      track.candidate = undefined;
      return;
    }
    track.lastPulse = at;
    const { state, candidate } = track;
    const degrees = degreesForPulse(widthUs);
    if (state.pulsing && (state.degrees === degrees || Math.abs(widthUs - pulseForDegrees(state.degrees)) <= HYSTERESIS_US)) {
      track.candidate = undefined;
      return;
    }
    if (candidate?.degrees !== degrees) {
      track.candidate = { degrees, pulseUs: Math.round(widthUs), rise: track.rise };
      return;
    }
    track.candidate = undefined;
    track.state = { pulsing: true, degrees, pulseUs: candidate.pulseUs };
    this.emit('servo', { pin, degrees, pulseUs: candidate.pulseUs, at: candidate.rise, source: 'mcu' });
  }

  /** Pins whose pulses stopped: reported at the end of their last pulse. */
  private expire(): void {
    const now = this.uno.simulatedMs;
    for (const [pin, track] of this.tracks) {
      if (now - track.lastPulse <= SILENT_MS) continue;
      track.candidate = undefined;
      if (track.state.pulsing) this.stop(pin, track, track.lastPulse);
    }
  }

  /** The MCU lost power: every servo signal stops now, and no pulse in progress counts. */
  private powerOff(): void {
    const now = this.uno.simulatedMs;
    for (const [pin, track] of this.tracks) {
      track.rise = undefined;
      track.previousRise = undefined;
      track.candidate = undefined;
      if (track.state.pulsing) this.stop(pin, track, now);
    }
  }

  private stop(pin: number, track: Track, at: number): void {
    track.state = { pulsing: false };
    this.emit('servo', { pin, at, source: 'mcu' });
  }
}
