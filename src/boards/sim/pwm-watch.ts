/**
 * Which pins the MCU's timers drive with PWM, read from the timers' own registers as the firmware
 * writes them: a pin is PWM-driven while its compare-output mode bits (COMnx in TCCRnA) are set,
 * its data direction is output and the timer's clock runs; its duty is the compare register
 * (OCRnx) and its frequency follows from the clock select, the waveform mode and TOP. So a write
 * that starts a tone is seen the moment the firmware sets the registers, not after edges.
 */
import type { AVRTimerConfig, CPU } from 'avr8js';
import { portPins, type Mcu, type PortName } from './mcu.js';

/** What the timer does to one pin. */
export interface PwmState {
  /** True while the timer's compare output drives the pin. */
  driving: boolean;
  /** The compare register (the duty on an 8-bit PWM: 0–255). */
  ocr: number;
  /** The PWM frequency in Hz (while driving), when the waveform mode is a PWM mode. */
  frequency?: number;
}

interface Channel {
  pin: number;
  timer: AVRTimerConfig;
  /** Bit position of the channel's COM bits in TCCRnA: A = 6, B = 4, C = 2. */
  comShift: number;
  ocr: number;
  ddr: number;
  ddrBit: number;
}

/** Watches one power-on's timers; `sink` hears every change of a pin's PWM state. */
export class PwmWatch {
  /** Bound: one per PWM pin of the chip (six on an Uno). */
  private readonly states = new Map<number, PwmState>();
  private clockHz = 16_000_000;
  /** The channel whose state a pin shows (the last to drive it). */
  private readonly drivenBy = new Map<number, Channel>();

  constructor(private readonly sink: (pin: number, state: PwmState) => void) {}

  attach(mcu: Mcu): void {
    this.states.clear();
    this.drivenBy.clear();
    this.clockHz = mcu.config.clockHz;
    const pinsOf = portPins(mcu.config);
    const channels: Channel[] = [];
    for (const timer of mcu.config.timers) {
      const own = [
        this.channel(mcu, pinsOf, timer, timer.compPortA, timer.compPinA, 6, timer.OCRA),
        this.channel(mcu, pinsOf, timer, timer.compPortB, timer.compPinB, 4, timer.OCRB),
        timer.OCRC ? this.channel(mcu, pinsOf, timer, timer.compPortC, timer.compPinC, 2, timer.OCRC) : undefined,
      ].filter((channel): channel is Channel => channel !== undefined);
      channels.push(...own);
      const update = () => own.forEach((channel) => this.update(mcu.cpu, channel));
      const registers = [timer.TCCRA, timer.TCCRB, timer.OCRA, timer.OCRB, ...(timer.OCRC ? [timer.OCRC] : [])];
      for (const address of registers) chainWriteHook(mcu.cpu, address, update);
    }
    // A pin's direction matters too (the compare output only reaches an output pin).
    for (const port of Object.values(mcu.config.ports)) {
      const ddr = port.DDR;
      chainWriteHook(mcu.cpu, ddr, () => channels.forEach((channel) => channel.ddr === ddr && this.update(mcu.cpu, channel)));
    }
  }

  /** Power off: no timer drives anything. */
  clear(): void {
    this.states.clear();
    this.drivenBy.clear();
  }

  /** The pin's PWM state now (not driving, for a pin no timer drives). */
  state(pin: number): PwmState {
    return this.states.get(pin) ?? { driving: false, ocr: 0 };
  }

  private channel(
    mcu: Mcu,
    pinsOf: ReadonlyMap<PortName, readonly number[]>,
    timer: AVRTimerConfig,
    port: number,
    bit: number,
    comShift: number,
    ocr: number,
  ): Channel | undefined {
    const name = (Object.keys(mcu.config.ports) as PortName[]).find((candidate) => mcu.config.ports[candidate]!.PORT === port);
    const pin = name ? (pinsOf.get(name)?.[bit] ?? -1) : -1;
    if (!name || pin < 0) return undefined;
    return { pin, timer, comShift, ocr, ddr: mcu.config.ports[name]!.DDR, ddrBit: bit };
  }

  private update(cpu: CPU, channel: Channel): void {
    const data = cpu.data;
    const { timer } = channel;
    const clockSelect = data[timer.TCCRB]! & 7;
    const com = (data[timer.TCCRA]! >> channel.comShift) & 3;
    const output = (data[channel.ddr]! >> channel.ddrBit) & 1;
    const ocr = register(cpu, timer, channel.ocr);
    const driving = com !== 0 && output === 1 && clockSelect !== 0;
    const frequency = driving ? pwmFrequency(cpu, timer, this.clockHz) : undefined;
    const before = this.states.get(channel.pin);
    // Two timers' outputs on one pin (the Mega's PB7: OC0A and OC1C): one that does not drive it
    // leaves the other's state alone.
    if (!driving && before?.driving && this.drivenBy.get(channel.pin) !== channel) return;
    if (driving) this.drivenBy.set(channel.pin, channel);
    if (before && before.driving === driving && before.ocr === ocr && before.frequency === frequency) return;
    const state: PwmState = { driving, ocr, ...(frequency !== undefined ? { frequency } : {}) };
    this.states.set(channel.pin, state);
    this.sink(channel.pin, state);
  }
}

/** A compare or capture register: one byte on an 8-bit timer, two (low at `address`) on a 16-bit one. */
function register(cpu: CPU, timer: AVRTimerConfig, address: number): number {
  return timer.bits === 16 ? cpu.data[address]! | (cpu.data[address + 1]! << 8) : cpu.data[address]!;
}

/** The timer's PWM frequency from its registers (datasheet, "Modes of Operation"); undefined outside PWM. */
function pwmFrequency(cpu: CPU, timer: AVRTimerConfig, clockHz: number): number | undefined {
  const a = cpu.data[timer.TCCRA]!;
  const b = cpu.data[timer.TCCRB]!;
  const divider = timer.dividers[(b & 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7];
  if (!divider) return undefined;
  const clock = clockHz / divider;
  const ocra = register(cpu, timer, timer.OCRA);
  let hz: number | undefined;
  if (timer.bits === 8) {
    const wgm = (a & 3) | (((b >> 3) & 1) << 2);
    hz = ({ 1: clock / 510, 3: clock / 256, 5: clock / (2 * ocra), 7: clock / (ocra + 1) } as Record<number, number>)[wgm];
  } else {
    const wgm = (a & 3) | (((b >> 3) & 3) << 2);
    const icr = register(cpu, timer, timer.ICR);
    const table: Record<number, number> = {
      1: clock / 510, 2: clock / 1022, 3: clock / 2046, 5: clock / 256, 6: clock / 512, 7: clock / 1024,
      8: clock / (2 * icr), 9: clock / (2 * ocra), 10: clock / (2 * icr), 11: clock / (2 * ocra), 14: clock / (icr + 1), 15: clock / (ocra + 1),
    };
    hz = table[wgm];
  }
  return hz !== undefined && Number.isFinite(hz) ? Math.round(hz * 100) / 100 : undefined;
}

/** Runs `after` once a write to `address` has landed, keeping whatever hook was there (the timer's own). */
function chainWriteHook(cpu: CPU, address: number, after: () => void): void {
  const previous = cpu.writeHooks[address];
  cpu.writeHooks[address] = (value, old, addr, mask) => {
    if (!previous?.(value, old, addr, mask)) cpu.data[addr] = value;
    after();
    return true;
  };
}
