/**
 * The ATmega2560 as an Arduino Mega 2560 has it, as data for avr8js's peripherals (which take
 * their register addresses and vectors from a config): six timers (0 and 2 8-bit; 1, 3, 4 and 5
 * 16-bit with a third compare channel, OCnC), four USARTs, ports A–L (H–L in the extended I/O from
 * 0x100), a 16-channel ADC (ADC8–15 through MUX5 in ADCSRB), 57 interrupt vectors of two words,
 * SRAM at 0x200–0x21FF (below it, 0x60–0x1FF is extended I/O), 256 KiB of flash (a 22-bit PC)
 * in 256-byte pages, RAMPZ for ELPM and SPM above 64 KiB.
 *
 * Addresses and vector numbers are from the datasheet (Atmel-2549, "Register Summary",
 * "Interrupts") as avr-libc's <avr/iomxx0_1.h> spells them; a vector's word address is twice
 * its number (avr-libc's _VECTOR(n), reset = 0). The pin map is the Arduino core's
 * variants/mega/pins_arduino.h (digital_pin_to_port_PGM, digital_pin_to_bit_mask_PGM).
 *
 * Not modelled: the external and pin-change interrupts (INT0–7, PCINT0–23: StandardFirmata uses
 * neither), TWI, SPI and the EEPROM (as on the simulated Uno).
 */
import { adcConfig, ADCMuxInputType, ADCReference, timer0Config, timer1Config, timer2Config, usart0Config } from 'avr8js';
import type { ADCConfig, ADCMuxConfiguration, AVRPortConfig, AVRTimerConfig } from 'avr8js';
import { ATMEGA2560 } from '../../chips/atmega2560.js';
import type { McuConfig, PinPlace, PortName, USARTConfig } from './mcu.js';

/** Word address of avr-libc's vector number `n` (two words per vector). */
const vector = (n: number): number => n * 2;

const port = (PIN: number): AVRPortConfig => ({ PIN, DDR: PIN + 1, PORT: PIN + 2, externalInterrupts: [] });

const PORTS = {
  A: port(0x20),
  B: port(0x23),
  C: port(0x26),
  D: port(0x29),
  E: port(0x2c),
  F: port(0x2f),
  G: port(0x32),
  H: port(0x100),
  J: port(0x103),
  K: port(0x106),
  L: port(0x109),
} as const satisfies Record<PortName, AVRPortConfig>;

/** TIFR/TIMSK bits of a 16-bit timer with three compare channels. */
const CHANNEL_C_BITS = { OCFC: 0x08, OCIEC: 0x08 } as const;

/** Where a timer's compare outputs come out: OCnA, OCnB (and OCnC), each a port and a bit. */
type Output = readonly [PortName, number];

function outputs(a: Output, b: Output): Pick<AVRTimerConfig, 'compPortA' | 'compPinA' | 'compPortB' | 'compPinB'> {
  return { compPortA: PORTS[a[0]].PORT, compPinA: a[1], compPortB: PORTS[b[0]].PORT, compPinB: b[1] };
}

/** A 16-bit timer n (1, 3, 4, 5): registers at `base` (TCCRnA), vectors from `firstVector` (CAPT). */
function timer16(
  base: number,
  TIMSK: number,
  TIFR: number,
  firstVector: number,
  [a, b, c]: readonly [Output, Output, Output],
  externalClock: Output,
): AVRTimerConfig {
  return {
    ...timer1Config,
    ...CHANNEL_C_BITS,
    TCCRA: base,
    TCCRB: base + 1,
    TCCRC: base + 2,
    TCNT: base + 4,
    ICR: base + 6,
    OCRA: base + 8,
    OCRB: base + 10,
    OCRC: base + 12,
    TIMSK,
    TIFR,
    captureInterrupt: vector(firstVector),
    compAInterrupt: vector(firstVector + 1),
    compBInterrupt: vector(firstVector + 2),
    compCInterrupt: vector(firstVector + 3),
    ovfInterrupt: vector(firstVector + 4),
    ...outputs(a, b),
    compPortC: PORTS[c[0]].PORT,
    compPinC: c[1],
    externalClockPort: PORTS[externalClock[0]].PORT,
    externalClockPin: externalClock[1],
  };
}

/** An 8-bit timer (0, 2) as avr8js has it for the ATmega328P, with the ATmega2560's vectors (from COMPA) and output pins. */
function timer8(base: AVRTimerConfig, compAVector: number, a: Output, b: Output): AVRTimerConfig {
  return {
    ...base,
    compAInterrupt: vector(compAVector),
    compBInterrupt: vector(compAVector + 1),
    ovfInterrupt: vector(compAVector + 2),
    ...outputs(a, b),
  };
}

const TIMERS: readonly AVRTimerConfig[] = [
  // OC0A/B = PB7/PG5 (13, 4); T0 = PD7.
  { ...timer8(timer0Config, 21, ['B', 7], ['G', 5]), externalClockPort: PORTS.D.PORT, externalClockPin: 7 },
  timer16(0x80, 0x6f, 0x36, 16, [['B', 5], ['B', 6], ['B', 7]], ['D', 6]), // OC1A/B/C = PB5/6/7 (11, 12, 13)
  timer8(timer2Config, 13, ['B', 4], ['H', 6]), // OC2A/B = PB4/PH6 (10, 9)
  timer16(0x90, 0x71, 0x38, 31, [['E', 3], ['E', 4], ['E', 5]], ['E', 6]), // OC3A/B/C = PE3/4/5 (5, 2, 3)
  timer16(0xa0, 0x72, 0x39, 41, [['H', 3], ['H', 4], ['H', 5]], ['H', 7]), // OC4A/B/C = PH3/4/5 (6, 7, 8)
  timer16(0x120, 0x73, 0x3a, 46, [['L', 3], ['L', 4], ['L', 5]], ['L', 2]), // OC5A/B/C = PL3/4/5 (46, 45, 44)
];

/** USARTn: UCSRnA at `base` (UCSRnB, UCSRnC, -, UBRRnL, UBRRnH, UDRn follow), vectors from `rxVector` (RX, UDRE, TX). */
function usart(base: number, rxVector: number): USARTConfig {
  return {
    ...usart0Config,
    rxCompleteInterrupt: vector(rxVector),
    dataRegisterEmptyInterrupt: vector(rxVector + 1),
    txCompleteInterrupt: vector(rxVector + 2),
    UCSRA: base,
    UCSRB: base + 1,
    UCSRC: base + 2,
    UBRRL: base + 4,
    UBRRH: base + 5,
    UDR: base + 6,
  };
}

/** MUX5:0 → input: ADC0–7 with MUX5 clear, ADC8–15 with it set; 1.1 V and GND at 0x1E/0x1F. */
const MUX_CHANNELS: ADCMuxConfiguration = {
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [i, { type: ADCMuxInputType.SingleEnded, channel: i }])),
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [0x20 + i, { type: ADCMuxInputType.SingleEnded, channel: 8 + i }])),
  0x1e: { type: ADCMuxInputType.Constant, voltage: 1.1 },
  0x1f: { type: ADCMuxInputType.Constant, voltage: 0 },
};

const ADC: ADCConfig = {
  ...adcConfig,
  adcInterrupt: vector(29),
  numChannels: 16,
  muxInputMask: 0x3f,
  muxChannels: MUX_CHANNELS,
  // REFS1:0 = 00 AREF, 01 AVCC, 10 internal 1.1 V, 11 internal 2.56 V.
  adcReferences: [ADCReference.AREF, ADCReference.AVCC, ADCReference.Internal1V1, ADCReference.Internal2V56],
};

/** pins_arduino.h (mega): Arduino pin n is on PIN_PLACES[n]. */
const PIN_PLACES: readonly PinPlace[] = (
  'E0 E1 E4 E5 G5 E3 H3 H4 H5 H6 B4 B5 B6 B7 J1 J0 H1 H0 D3 D2 D1 D0 A0 A1 A2 A3 A4 A5 A6 A7 ' +
  'C7 C6 C5 C4 C3 C2 C1 C0 D7 G2 G1 G0 L7 L6 L5 L4 L3 L2 L1 L0 B3 B2 B1 B0 ' +
  'F0 F1 F2 F3 F4 F5 F6 F7 K0 K1 K2 K3 K4 K5 K6 K7'
)
  .split(' ')
  .map((name) => [name[0] as PortName, Number(name[1])] as const);

export const ATMEGA2560_MEGA: McuConfig = {
  ...ATMEGA2560,
  timers: TIMERS,
  usart: usart(0xc0, 25),
  otherUsarts: [usart(0xc8, 36), usart(0xd0, 51), usart(0x130, 54)],
  ports: PORTS,
  adc: ADC,
  watchdog: { watchdogInterrupt: vector(12), MCUSR: 0x54, WDTCSR: 0x60 },
  selfProgramming: {
    SPMCSR: 0x57,
    pageWords: 128,
    // The NRWW section is the top 8 KiB (words 0x1F000–0x1FFFF): the largest boot section.
    nrwwStart: 0x3e000,
    flashWriteMs: 4.5,
    signatureRow: { 0: ATMEGA2560.signature[0], 2: ATMEGA2560.signature[1], 4: ATMEGA2560.signature[2] },
    RAMPZ: 0x5b,
  },
  pins: PIN_PLACES,
  analogPins: Array.from({ length: 16 }, (_, i) => 54 + i),
  ramStart: 0x200,
  interruptVectors: 57,
};
