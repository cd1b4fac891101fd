/**
 * The simulated serial line into the MCU (src/boards/sim/usart-link.ts): the receiver holds two
 * bytes, UDR0 and the FIFO's second place, as the chip does; a third that lands before the
 * firmware reads is lost, counted, and told (what `pinmesh sim` turns into a warning line).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATMEGA328P_UNO, Mcu } from '../../src/boards/sim/mcu.js';
import { UsartLink } from '../../src/boards/sim/usart-link.js';

/** An MCU whose program does nothing (all NOPs), its receiver on: nothing reads UDR0 but the test. */
function listeningMcu(): Mcu {
  const mcu = new Mcu(new Uint16Array(ATMEGA328P_UNO.flashBytes / 2));
  const { UCSRB } = mcu.config.usart;
  mcu.cpu.writeData(UCSRB, 0x10); // RXEN0
  return mcu;
}

describe('the simulated serial line into the MCU', () => {
  it('keeps two unread bytes; a third is lost, counted and told, and the two are read in order', () => {
    const mcu = listeningMcu();
    const link = new UsartLink(mcu);
    const told: number[] = [];
    link.onOverrun = (overruns) => told.push(overruns);
    link.send([0x31, 0x32, 0x33]);
    mcu.runUntil(mcu.cycles + 20_000); // three character times at the default baud rate, and more
    assert.equal(link.pending, 0, 'all three landed');
    assert.equal(link.overruns, 1);
    assert.deepEqual(told, [1]);
    const { UDR } = mcu.config.usart;
    assert.deepEqual([mcu.cpu.readData(UDR), mcu.cpu.readData(UDR)], [0x31, 0x32]);
  });

  it('loses nothing while the firmware reads each byte as it lands', () => {
    const mcu = listeningMcu();
    const link = new UsartLink(mcu);
    link.onOverrun = () => assert.fail('no byte is lost');
    const { UDR, UCSRA } = mcu.config.usart;
    const read: number[] = [];
    link.send([1, 2, 3, 4, 5]);
    for (let turn = 0; turn < 1000 && read.length < 5; turn++) {
      mcu.runUntil(mcu.cycles + 100); // less than a character time (160 cycles at the default 1 Mbaud)
      while (mcu.cpu.data[UCSRA]! & 0x80) read.push(mcu.cpu.readData(UDR));
    }
    assert.deepEqual(read, [1, 2, 3, 4, 5]);
    assert.equal(link.overruns, 0);
  });

  it('turning the receiver off flushes both places: the next byte after it is turned on again is the first read', () => {
    const mcu = listeningMcu();
    const link = new UsartLink(mcu);
    const { UDR, UCSRA, UCSRB } = mcu.config.usart;
    link.send([0x31, 0x32]);
    mcu.runUntil(mcu.cycles + 20_000);
    mcu.cpu.writeData(UCSRB, 0x00);
    mcu.cpu.writeData(UCSRB, 0x10); // RXEN0 again
    assert.equal(mcu.cpu.data[UCSRA]! & 0x80, 0, 'nothing waits to be read');
    link.send([0x33]);
    mcu.runUntil(mcu.cycles + 20_000);
    assert.equal(mcu.cpu.readData(UDR), 0x33);
    assert.equal(mcu.cpu.data[UCSRA]! & 0x80, 0, 'and nothing after it');
  });

  it('puts bytes sent to an idle line on it at the cycle it is told (a paced MCU behind wall time), not at its own cycle', () => {
    const landings = (notBefore?: number): number[] => {
      const mcu = listeningMcu();
      const link = new UsartLink(mcu);
      const { UDR, UCSRA } = mcu.config.usart;
      const landed: number[] = [];
      link.send([1, 2], notBefore);
      for (let turn = 0; turn < 1000 && landed.length < 2; turn++) {
        mcu.runUntil(mcu.cycles + 10);
        if (mcu.cpu.data[UCSRA]! & 0x80) {
          mcu.cpu.readData(UDR);
          landed.push(mcu.cycles);
        }
      }
      return landed;
    };
    const [first, second] = landings();
    const [later, afterIt] = landings(5_000);
    assert.ok(later! - first! >= 5_000 - 10 && later! - first! <= 5_000 + 10, `the first byte landed at ${first}, told 5,000 cycles: ${later}`);
    assert.equal(afterIt! - later!, second! - first!, 'the second follows the first by a character time either way');
  });
});
