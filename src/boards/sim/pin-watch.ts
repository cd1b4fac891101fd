/**
 * Pin truth from the MCU's own port registers (PORTx/DDRx, including the timers' compare-output
 * overrides that drive PWM): what an LED or a piezo on the pin would see.
 *
 * A pin's level is 1 when it is an output driven high, else 0. Level changes are reported in
 * simulated time, classified so PWM does not flood:
 *  - edges that stop for `toggleWindowMs` (simulated) are ordinary level changes: each becomes
 *    a 'pin' observation (so a short pulse shows as 1 then 0), timestamped at its edge;
 *  - `toneMinEdges` or more edges in a row, each within `toggleWindowMs` of the last, make the
 *    pin a tone source: one 'tone' on (with the frequency measured between like edges), no
 *    'pin' observations while it toggles, then 'tone' off timestamped at its last edge once it
 *    has been still for `toggleWindowMs`, followed by a 'pin' if it rests at a new level.
 * 'pin' observations are therefore delivered up to `toggleWindowMs` (simulated) after the edge.
 * Every raw edge also goes to the sink's `level` at once (write confirmations need the edge itself).
 */
import type { ObservationSource, PinObservation } from '../board.js';
import type { SimClock } from './sim-clock.js';
import { portPins, type Mcu } from './mcu.js';

/** A pin started or stopped toggling like a tone, with the frequency measured between its edges. */
export interface ToneObservation {
  pin: number;
  on: boolean;
  /** Measured tone frequency in Hz (on). */
  frequency?: number;
  at: number;
  source: ObservationSource;
}

export interface PinWatchOptions {
  /** Simulated ms without an edge after which a pin counts as still. Default 10 (tones ≥ 50 Hz). */
  toggleWindowMs?: number;
  /** Edges in a row, each within the window, that make a tone. Default 8 (≥ 3 full periods). */
  toneMinEdges?: number;
}

export interface PinWatchSink {
  pin(observation: PinObservation): void;
  tone(observation: ToneObservation): void;
  /** A raw edge, unclassified, at once: the pin is now driven to `value` (simulated ms `at`). */
  level?(pin: number, value: 0 | 1, at: number): void;
}

interface PinTrack {
  level: 0 | 1;
  /** Level last reported through a 'pin' observation. */
  reported: 0 | 1;
  /** Absolute cycles of edges not yet classified (levels alternate from the first). */
  edges: number[];
  firstLevel: 0 | 1;
  toning: boolean;
  lastEdge: number;
}

export class PinWatch {
  private readonly windowCycles: number;
  private readonly toneMinEdges: number;
  private readonly tracks: PinTrack[] = [];
  private detach: (() => void) | undefined;

  constructor(
    private readonly clock: SimClock,
    private readonly sink: PinWatchSink,
    options: PinWatchOptions = {},
  ) {
    this.windowCycles = clock.msToCycles(options.toggleWindowMs ?? 10);
    this.toneMinEdges = Math.max(4, options.toneMinEdges ?? 8);
  }

  /** Watches this power-on's ports. Call powerOff() first when replacing a running MCU. */
  attach(mcu: Mcu): void {
    this.detach?.();
    const removers: (() => void)[] = [];
    for (const [name, pins] of portPins(mcu.config)) {
      const port = mcu.ports[name]!;
      const ddrAddress = mcu.config.ports[name]!.DDR;
      let wired = 0;
      pins.forEach((pin, bit) => {
        if (pin < 0) return;
        wired |= 1 << bit;
        this.track(pin);
      });
      let last = 0;
      const listener = (value: number): void => {
        const driven = value & mcu.cpu.data[ddrAddress]! & wired;
        const changed = driven ^ last;
        if (changed === 0) return;
        last = driven;
        for (let bit = 0; bit < 8; bit++) {
          if (changed & (1 << bit)) this.edge(pins[bit]!, driven & (1 << bit) ? 1 : 0);
        }
      };
      port.addListener(listener);
      removers.push(() => port.removeListener(listener));
    }
    this.detach = () => removers.forEach((remove) => remove());
  }

  /**
   * The MCU lost power or was reset: every pin falls to 0 now. With `report`, pending edges and
   * the fall are reported at once; without (teardown), the pins are just forgotten.
   */
  powerOff(report = true): void {
    this.detach?.();
    this.detach = undefined;
    if (!report) {
      for (const track of this.tracks) {
        if (!track) continue;
        Object.assign(track, { level: 0, reported: 0, edges: [], toning: false, lastEdge: -Infinity });
      }
      return;
    }
    this.tracks.forEach((track, pin) => {
      if (track && track.level === 1) this.edge(pin, 0);
    });
    this.poll(Number.POSITIVE_INFINITY);
  }

  level(pin: number): 0 | 1 {
    return this.tracks[pin]?.level ?? 0;
  }

  /** Classifies edges that have been still for the window as of `now` (absolute cycles). */
  poll(now = this.clock.cycles): void {
    this.tracks.forEach((track, pin) => {
      if (!track) return;
      if (track.toning) {
        if (now - track.lastEdge > this.windowCycles) this.endTone(pin, track);
      } else if (track.edges.length > 0 && now - track.lastEdge > this.windowCycles) {
        this.settle(pin, track);
      }
    });
  }

  private track(pin: number): PinTrack {
    let track = this.tracks[pin];
    if (!track) {
      track = { level: 0, reported: 0, edges: [], firstLevel: 0, toning: false, lastEdge: -Infinity };
      this.tracks[pin] = track;
    }
    return track;
  }

  private edge(pin: number, level: 0 | 1): void {
    const track = this.track(pin);
    if (track.level === level) return;
    const now = this.clock.cycles;
    // The CPU may have run past the window before poll() looked: classify what came before.
    if (now - track.lastEdge > this.windowCycles) {
      if (track.toning) this.endTone(pin, track);
      else if (track.edges.length > 0) this.settle(pin, track);
    }
    track.level = level;
    track.lastEdge = now;
    this.sink.level?.(pin, level, this.clock.toMs(now));
    if (track.toning) return;
    if (track.edges.length === 0) track.firstLevel = level;
    track.edges.push(now);
    if (track.edges.length >= this.toneMinEdges) this.startTone(pin, track);
  }

  private startTone(pin: number, track: PinTrack): void {
    const edges = track.edges;
    // Like edges (every other one) span whole periods whatever the duty cycle.
    const periods = Math.floor((edges.length - 1) / 2);
    const span = edges[periods * 2]! - edges[0]!;
    const frequency = (periods * this.clock.clockHz) / span;
    track.toning = true;
    track.edges = [];
    this.sink.tone({
      pin,
      on: true,
      frequency: Math.round(frequency * 100) / 100,
      at: this.clock.toMs(edges[0]!),
      source: 'mcu',
    });
  }

  private endTone(pin: number, track: PinTrack): void {
    track.toning = false;
    track.edges = [];
    const at = this.clock.toMs(track.lastEdge);
    this.sink.tone({ pin, on: false, at, source: 'mcu' });
    if (track.level !== track.reported) {
      track.reported = track.level;
      this.sink.pin({ pin, value: track.level, at, source: 'mcu' });
    }
  }

  private settle(pin: number, track: PinTrack): void {
    let level = track.firstLevel;
    for (const edge of track.edges) {
      if (level !== track.reported) {
        track.reported = level;
        this.sink.pin({ pin, value: level, at: this.clock.toMs(edge), source: 'mcu' });
      }
      level = level === 1 ? 0 : 1;
    }
    track.edges = [];
  }
}
