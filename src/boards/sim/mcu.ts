/**
 * One AVR chip as an Arduino board has it: the CPU at 16 MHz with the peripherals StandardFirmata
 * uses (timers, USARTs, ports, ADC), described as data (McuConfig): the Uno's ATmega328P here, the
 * Mega's ATmega2560 in atmega2560-mega.ts.
 *
 * An Mcu is one power-on of the chip: a reset builds a new one on the same flash, which clears
 * every register and peripheral the way the reset pin does. The flash is the chip's own: the Mcu
 * executes from the array it is given, and a bootloader's self-programming (self-programming.ts)
 * writes into it, so what was flashed is there after the next reset. Reset starts where the fuses
 * say (the boot section when BOOTRST is programmed), with MCUSR telling why it happened.
 */
import {
  AVRADC,
  AVRIOPort,
  AVRTimer,
  AVRUSART,
  AVRWatchdog,
  CPU,
  adcConfig,
  avrInstruction,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  usart0Config,
  watchdogConfig,
} from 'avr8js';
import type { ADCConfig, AVRClock, AVRPortConfig, AVRTimerConfig, WatchdogConfig } from 'avr8js';
import { ATMEGA328P } from '../../chips/atmega328p.js';
import type { AvrChip } from '../../chips/avr-chip.js';
import { NO_BOOTLOADER_FUSES, resetVector, type Fuses } from './fuses.js';
import type { ClockEvent } from './clock-events.js';
import { countLazily } from './lazy-timer-events.js';
import { SelfProgramming, selfProgrammingConfig, type SelfProgrammingConfig } from './self-programming.js';
import { correctUsart } from './usart-corrections.js';

export type USARTConfig = typeof usart0Config;

/** The AVR's port letters (there is no port I). */
export type PortName = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'J' | 'K' | 'L';

/** Where an Arduino pin is on the chip: a port and a bit of it. */
export type PinPlace = readonly [port: PortName, bit: number];

/** The chip's figures (one description, shared with the flasher) and avr8js's peripherals for it. */
export interface McuConfig extends AvrChip {
  readonly timers: readonly AVRTimerConfig[];
  /** USART0: the serial line StandardFirmata talks on (usart-link.ts). */
  readonly usart: USARTConfig;
  /** Further USARTs the chip has (the Mega's Serial1–3): present, unconnected. */
  readonly otherUsarts?: readonly USARTConfig[];
  readonly ports: Readonly<Partial<Record<PortName, AVRPortConfig>>>;
  readonly adc: ADCConfig;
  readonly watchdog: WatchdogConfig;
  readonly selfProgramming: SelfProgrammingConfig;
  /**
   * The board's pin map, as the Arduino core's pins_arduino.h has it: pins[n] is where Arduino pin
   * n is (Uno: PD0 = D0, PB0 = D8, PC0 = A0 = D14; the Mega's is irregular).
   */
  readonly pins: readonly PinPlace[];
  /** The analog inputs' pin numbers in ADC channel order: analogPins[0] is A0 (ADC0). */
  readonly analogPins: readonly number[];
  /** First data address of SRAM (0x100 on the ATmega328P, 0x200 on the ATmega2560 past its extended I/O). */
  readonly ramStart: number;
  /** Entries in the interrupt vector table (reset included). */
  readonly interruptVectors: number;
}

const place = (port: PortName, from: number, to: number): PinPlace[] =>
  Array.from({ length: to - from + 1 }, (_, i) => [port, from + i] as const);

export const ATMEGA328P_UNO: McuConfig = {
  ...ATMEGA328P,
  timers: [timer0Config, timer1Config, timer2Config],
  usart: usart0Config,
  ports: { B: portBConfig, C: portCConfig, D: portDConfig },
  adc: adcConfig,
  watchdog: watchdogConfig,
  selfProgramming: selfProgrammingConfig,
  pins: [...place('D', 0, 7), ...place('B', 0, 5), ...place('C', 0, 5)],
  analogPins: [14, 15, 16, 17, 18, 19],
  ramStart: 0x100,
  interruptVectors: 26,
};

/** Per port, the Arduino pin of each of its 8 bits (-1: not wired to a header pin). */
export function portPins(config: McuConfig): ReadonlyMap<PortName, readonly number[]> {
  const byPort = new Map<PortName, number[]>();
  config.pins.forEach(([port, bit], pin) => {
    let pins = byPort.get(port);
    if (!pins) byPort.set(port, (pins = new Array<number>(8).fill(-1)));
    pins[bit] = pin;
  });
  return byPort;
}

/** MCUSR (data 0x54): which reset started this power-on. Bits stay set until software clears them. */
export const MCUSR = 0x54;
export const ResetFlag = { powerOn: 0x01, external: 0x02, brownOut: 0x04, watchdog: 0x08 } as const;

export interface McuOptions {
  /** Default: no bootloader (reset starts at 0). */
  fuses?: Fuses;
  /** MCUSR at reset. Default: power-on. */
  resetFlags?: number;
  /**
   * 'lazy': each timer's clock event comes at its next step anyone could see (lazy-timer-events.ts);
   * 'per-step': avr8js's own, an event every prescaler step (the referee of the lazy ones). Default 'lazy'.
   */
  timerEvents?: 'lazy' | 'per-step';
}

export class Mcu {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly otherUsarts: readonly AVRUSART[];
  readonly ports: Readonly<Partial<Record<PortName, AVRIOPort>>>;
  readonly timers: readonly AVRTimer[];
  readonly adc: AVRADC;
  readonly watchdog: AVRWatchdog;
  readonly selfProgramming: SelfProgramming;
  /**
   * Every peripheral of this power-on, in a fixed order (self-programming, timers, USARTs, ports
   * in the config's order, ADC, watchdog): what a snapshot of the chip's state walks (mcu-state.ts).
   */
  readonly peripherals: readonly object[];
  readonly fuses: Fuses;
  /**
   * Set when the chip resets itself (the watchdog, with WDE on, timed out): this power-on ends at
   * that instruction, runUntil() returns, and whoever runs the MCU starts the next one with these
   * MCUSR flags. avr8js's own reset would keep every peripheral's state and start at 0.
   */
  resetRequest: number | undefined;

  constructor(
    flash: Uint16Array,
    readonly config: McuConfig = ATMEGA328P_UNO,
    options: McuOptions = {},
  ) {
    if (flash.length * 2 !== config.flashBytes) {
      throw new Error(`program image is ${flash.length * 2} bytes; ${config.name} has ${config.flashBytes}`);
    }
    this.fuses = options.fuses ?? NO_BOOTLOADER_FUSES;
    // avr8js sizes its data space as 0x100 bytes of registers and I/O, then SRAM: the extended I/O
    // of a bigger chip counts as SRAM to it, so SP starts at RAMEND either way.
    this.cpu = new ResettableCpu(flash, config.ramStart - 0x100 + config.sramBytes);
    this.cpu.pc = resetVector(this.fuses, config.flashBytes);
    this.cpu.data[MCUSR] = options.resetFlags ?? ResetFlag.powerOn;
    this.selfProgramming = new SelfProgramming(this.cpu, config.selfProgramming, this.fuses, config.clockHz);
    this.timers = config.timers.map((timer) => new AVRTimer(this.cpu, timer));
    if (options.timerEvents !== 'per-step') this.timers.forEach((timer, index) => countLazily(this.cpu, timer, config.timers[index]!));
    this.usart = new AVRUSART(this.cpu, config.usart, config.clockHz);
    correctUsart(this.cpu, this.usart, config.usart);
    this.otherUsarts = (config.otherUsarts ?? []).map((usartConfig) => {
      const usart = new AVRUSART(this.cpu, usartConfig, config.clockHz);
      correctUsart(this.cpu, usart, usartConfig);
      return usart;
    });
    const ports: Partial<Record<PortName, AVRIOPort>> = {};
    for (const [name, port] of Object.entries(config.ports) as [PortName, AVRPortConfig][]) {
      ports[name] = new AVRIOPort(this.cpu, port);
    }
    this.ports = ports;
    this.adc = new AVRADC(this.cpu, config.adc);
    this.watchdog = new AVRWatchdog(this.cpu, config.watchdog, { frequency: config.clockHz } as AVRClock);
    this.peripherals = [
      this.selfProgramming,
      ...this.timers,
      this.usart,
      ...this.otherUsarts,
      ...Object.values(ports),
      this.adc,
      this.watchdog,
    ];
    (this.cpu as ResettableCpu).onReset = () => {
      this.resetRequest = (this.cpu.data[MCUSR]! | ResetFlag.watchdog) & 0x0f;
    };
  }

  /** Clock cycles since this power-on. */
  get cycles(): number {
    return this.cpu.cycles;
  }

  /** Executes instructions until `targetCycles` is reached (overshooting by at most one instruction). */
  runUntil(targetCycles: number): void {
    const cpu = this.cpu;
    while (cpu.cycles < targetCycles && this.resetRequest === undefined) {
      avrInstruction(cpu);
      cpu.tick();
    }
  }
}

/**
 * avr8js's CPU whose reset() after construction (the watchdog's) is reported rather than done in
 * place, and whose peripherals act at the same cycle when their clock events fall due together.
 * A subclass, not a patched instance, so every CPU keeps one shape for the hot loop.
 */
class ResettableCpu extends CPU {
  onReset: (() => void) | undefined = undefined;

  /**
   * avr8js fires one due clock event after each instruction: two peripherals due at one cycle (a
   * timer's step and a byte sent) would act an instruction apart, the later one late, and which one
   * that is would depend on how many events the timers keep. Here every due event fires after the
   * instruction, in the order they fell due; avr8js's tick() fires the last and takes an interrupt.
   */
  override tick(): void {
    const pending = this as unknown as { nextClockEvent: ClockEvent | null };
    let event = pending.nextClockEvent;
    while (event !== null && event.next !== null && event.next.cycles <= this.cycles) {
      event.callback();
      pending.nextClockEvent = event.next;
      event = event.next;
    }
    super.tick();
  }

  override reset(): void {
    if (this.onReset) this.onReset();
    else super.reset();
  }
}
