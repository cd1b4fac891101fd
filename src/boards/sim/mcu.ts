/**
 * One ATmega328P as an Arduino Uno has it: the CPU at 16 MHz with the peripherals
 * StandardFirmata uses (timers 0/1/2, USART0, ports B/C/D, ADC), described as data.
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
} from 'avr8js';
import type { ADCConfig, AVRPortConfig, AVRTimerConfig } from 'avr8js';
import { ATMEGA328P } from '../../chips/atmega328p.js';
import type { AvrChip } from '../../chips/avr-chip.js';
import { NO_BOOTLOADER_FUSES, resetVector, type Fuses } from './fuses.js';
import { SelfProgramming, selfProgrammingConfig } from './self-programming.js';

type USARTConfig = typeof usart0Config;

export type PortName = 'B' | 'C' | 'D';

/** The chip's figures (one description, shared with the flasher) and avr8js's peripherals for it. */
export interface McuConfig extends AvrChip {
  readonly timers: readonly AVRTimerConfig[];
  readonly usart: USARTConfig;
  readonly ports: Readonly<Record<PortName, AVRPortConfig>>;
  readonly adc: ADCConfig;
  /** Arduino pin number of bit 0 of each port (Uno: PD0 = D0, PB0 = D8, PC0 = A0 = D14). */
  readonly firstPin: Readonly<Record<PortName, number>>;
  /** How many bits of each port are wired to a header pin. */
  readonly pinsPerPort: Readonly<Record<PortName, number>>;
  /** Entries in the interrupt vector table (reset included). */
  readonly interruptVectors: number;
}

export const ATMEGA328P_UNO: McuConfig = {
  ...ATMEGA328P,
  timers: [timer0Config, timer1Config, timer2Config],
  usart: usart0Config,
  ports: { B: portBConfig, C: portCConfig, D: portDConfig },
  adc: adcConfig,
  firstPin: { D: 0, B: 8, C: 14 },
  pinsPerPort: { D: 8, B: 6, C: 6 },
  interruptVectors: 26,
};

/** MCUSR (data 0x54): which reset started this power-on. Bits stay set until software clears them. */
export const MCUSR = 0x54;
export const ResetFlag = { powerOn: 0x01, external: 0x02, brownOut: 0x04, watchdog: 0x08 } as const;

export interface McuOptions {
  /** Default: no bootloader (reset starts at 0). */
  fuses?: Fuses;
  /** MCUSR at reset. Default: power-on. */
  resetFlags?: number;
}

export class Mcu {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly ports: Readonly<Record<PortName, AVRIOPort>>;
  readonly timers: readonly AVRTimer[];
  readonly adc: AVRADC;
  readonly selfProgramming: SelfProgramming;
  readonly fuses: Fuses;

  constructor(
    flash: Uint16Array,
    readonly config: McuConfig = ATMEGA328P_UNO,
    options: McuOptions = {},
  ) {
    if (flash.length * 2 !== config.flashBytes) {
      throw new Error(`program image is ${flash.length * 2} bytes; ${config.name} has ${config.flashBytes}`);
    }
    this.fuses = options.fuses ?? NO_BOOTLOADER_FUSES;
    this.cpu = new CPU(flash, config.sramBytes);
    this.cpu.pc = resetVector(this.fuses, config.flashBytes);
    this.cpu.data[MCUSR] = options.resetFlags ?? ResetFlag.powerOn;
    this.selfProgramming = new SelfProgramming(this.cpu, selfProgrammingConfig, this.fuses, config.clockHz);
    this.timers = config.timers.map((timer) => new AVRTimer(this.cpu, timer));
    this.usart = new AVRUSART(this.cpu, config.usart, config.clockHz);
    makeUdreLevelTriggered(this.usart);
    this.ports = {
      B: new AVRIOPort(this.cpu, config.ports.B),
      C: new AVRIOPort(this.cpu, config.ports.C),
      D: new AVRIOPort(this.cpu, config.ports.D),
    };
    this.adc = new AVRADC(this.cpu, config.adc);
  }

  /** Clock cycles since this power-on. */
  get cycles(): number {
    return this.cpu.cycles;
  }

  /** Executes instructions until `targetCycles` is reached (overshooting by at most one instruction). */
  runUntil(targetCycles: number): void {
    const cpu = this.cpu;
    while (cpu.cycles < targetCycles) {
      avrInstruction(cpu);
      cpu.tick();
    }
  }
}

/**
 * avr8js 0.21 clears UDRE0 when it dispatches the "data register empty" interrupt, as if it were
 * TXC0. On the chip UDRE0 stays set until UDR0 is written, and the interrupt keeps firing while
 * UDRIE0 is on. Arduino ≤ 1.0.x's HardwareSerial relies on that: its UDRE ISR turns UDRIE0 off
 * only on an extra call with an empty buffer, which in avr8js eats the flag, so the next
 * Serial.write() enables UDRIE0 with UDRE0 reading 0, no interrupt ever comes, and once the
 * 64-byte TX ring fills write() spins forever (StandardFirmata 2.3 from Arduino 1.0.6 boots,
 * announces itself, then never answers the capability query). Marking the interrupt as
 * level-triggered ("constant") restores the chip's behaviour: writing UDR0 or clearing UDRIE0
 * still withdraws it. Guarded, since it reaches into an avr8js private field.
 */
function makeUdreLevelTriggered(usart: AVRUSART): void {
  const udre = (usart as unknown as { UDRE?: { constant?: boolean } }).UDRE;
  if (udre && typeof udre === 'object') udre.constant = true;
}
