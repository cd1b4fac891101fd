/**
 * The simulated chip's USART where avr8js 0.21 departs from the ATmega328P's
 * (src/boards/sim/usart-corrections.ts), register by register, on an MCU whose program does nothing
 * (all NOPs) and whose interrupts are off until a test turns them on, as HardwareSerial's are in
 * its ISRs and atomic blocks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usart0Config } from 'avr8js';
import { ATMEGA328P_UNO, Mcu } from '../../src/boards/sim/mcu.js';
import { UsartLink } from '../../src/boards/sim/usart-link.js';

// UCSR0B
const RXCIE = 0x80;
const UDRIE = 0x20;
const RXEN = 0x10;
const TXEN = 0x08;
// UCSR0A
const RXC = 0x80;
const TXC = 0x40;
const UDRE = 0x20;
const U2X = 0x02;
// SREG's global interrupt enable
const SREG = 0x5f;
const I = 0x80;

const { UCSRA, UCSRB, UDR, rxCompleteInterrupt, dataRegisterEmptyInterrupt } = usart0Config;

/** The receiver and transmitter on, with the receive interrupt enabled, as Serial.begin() leaves them. */
function serialMcu(control = RXEN | TXEN | RXCIE): Mcu {
  const mcu = new Mcu(new Uint16Array(ATMEGA328P_UNO.flashBytes / 2));
  mcu.cpu.writeData(UCSRB, control);
  return mcu;
}

/** Turns interrupts on and runs one step: the address the CPU went to (an interrupt's vector, or the next NOP). */
function stepWithInterrupts(mcu: Mcu): number {
  mcu.cpu.data[SREG]! |= I;
  mcu.cpu.tick();
  return mcu.cpu.pc;
}

describe("the simulated USART, as the chip's", () => {
  it('a byte that lands while interrupts are off survives Serial.write() turning UDRIE0 on: RXC0 stays set, the receive interrupt comes, UDR0 holds the byte', () => {
    const mcu = serialMcu();
    mcu.usart.writeByte(0x91, true);
    mcu.cpu.writeData(UCSRB, mcu.cpu.data[UCSRB]! | UDRIE);
    assert.equal(mcu.cpu.data[UCSRA]! & RXC, RXC, 'RXC0 is still set');
    assert.equal(stepWithInterrupts(mcu), rxCompleteInterrupt, 'the receive interrupt comes (before the transmit one)');
    assert.equal(mcu.cpu.readData(UDR), 0x91);
    assert.equal(mcu.cpu.data[UCSRA]! & RXC, 0, 'reading UDR0 clears RXC0');
  });

  it('two bytes landing around the UDRE ISR turning UDRIE0 off are both read, in order: the second waits in the FIFO, nothing is lost', () => {
    const mcu = serialMcu(RXEN | TXEN | RXCIE | UDRIE);
    const link = new UsartLink(mcu);
    link.send([0x91, 0x20]);
    while (link.delivered < 1) mcu.runUntil(mcu.cycles + 10);
    mcu.cpu.writeData(UCSRB, mcu.cpu.data[UCSRB]! & ~UDRIE);
    while (link.pending > 0) mcu.runUntil(mcu.cycles + 10);
    assert.equal(link.overruns, 0);
    assert.deepEqual([mcu.cpu.readData(UDR), mcu.cpu.readData(UDR)], [0x91, 0x20]);
  });

  it('writing UCSR0A changes U2X0 and clears TXC0 only where a 1 is written; RXC0 and UDRE0 read as before', () => {
    const mcu = serialMcu();
    mcu.usart.writeByte(0x55, true);
    mcu.cpu.writeData(UDR, 0x41);
    mcu.runUntil(mcu.cycles + 1_000); // one character time at the reset baud rate is 160 cycles
    assert.equal(mcu.cpu.data[UCSRA]! & (RXC | TXC | UDRE), RXC | TXC | UDRE, 'a byte unread, the one sent gone out');

    mcu.cpu.writeData(UCSRA, U2X);
    assert.equal(mcu.cpu.data[UCSRA]! & (RXC | TXC | UDRE | U2X), RXC | TXC | UDRE | U2X);
    mcu.cpu.writeData(UCSRA, U2X | TXC); // HardwareSerial's write: keep U2X0, clear TXC0
    assert.equal(mcu.cpu.data[UCSRA]! & (RXC | TXC | UDRE | U2X), RXC | UDRE | U2X);
  });

  it('turning the receiver off flushes it: RXC0 clears and no receive interrupt comes', () => {
    const mcu = serialMcu();
    mcu.usart.writeByte(0x55, true);
    mcu.cpu.writeData(UCSRB, TXEN | RXCIE);
    assert.equal(mcu.cpu.data[UCSRA]! & RXC, 0);
    assert.notEqual(stepWithInterrupts(mcu), rxCompleteInterrupt);
  });

  it('UDRE0 stays set while UDR0 is empty: its interrupt comes again while UDRIE0 is on, and writing UDR0 withdraws it', () => {
    const mcu = serialMcu(TXEN | UDRIE);
    assert.equal(stepWithInterrupts(mcu), dataRegisterEmptyInterrupt);
    mcu.cpu.pc = 0;
    assert.equal(stepWithInterrupts(mcu), dataRegisterEmptyInterrupt, 'still empty: it comes again');
    mcu.cpu.writeData(UDR, 0x41);
    mcu.cpu.pc = 0;
    assert.notEqual(stepWithInterrupts(mcu), dataRegisterEmptyInterrupt);
  });
});
