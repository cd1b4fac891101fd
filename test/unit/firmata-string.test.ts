/**
 * Firmata's STRING_DATA message, how a board says something in words: what the simulator's TCP port
 * sends a client it turns away, and what pinmesh reads back from a board's raw bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firmataString, FirmataStringReader } from '../../src/boards/firmata/firmata-string.js';

describe('Firmata strings (STRING_DATA)', () => {
  it('is 0xF0 0x71, each character as two 7-bit bytes, 0xF7', () => {
    assert.deepEqual([...firmataString('Hi')], [0xf0, 0x71, 0x48, 0x00, 0x69, 0x00, 0xf7]);
    assert.deepEqual([...firmataString('é')], [0xf0, 0x71, 0x69, 0x01, 0xf7], 'é is 0xE9: low 7 bits, then the next 7');
  });

  it('is read back whole, even when it arrives one byte at a time', () => {
    const reader = new FirmataStringReader();
    for (const byte of firmataString('another client holds the line — one at a time')) reader.push(Uint8Array.of(byte));
    assert.equal(reader.last, 'another client holds the line — one at a time');
  });

  it('among other Firmata messages, only the strings are read; the latest whole one is kept', () => {
    const reader = new FirmataStringReader();
    const capabilityQuery = [0xf0, 0x6b, 0xf7];
    const reportVersion = [0xf9, 0x02, 0x05];
    reader.push(Buffer.from([...reportVersion, ...capabilityQuery, ...firmataString('first'), 0x90, 0x20, 0x00, ...firmataString('second')]));
    assert.equal(reader.last, 'second');
  });

  it('a string cut short by another command is not one', () => {
    const reader = new FirmataStringReader();
    reader.push(Buffer.from([0xf0, 0x71, 0x41, 0x00, 0xf9, 0x02, 0x05, 0xf7]));
    assert.equal(reader.last, undefined);
  });

  it('is bounded: a longer string from the board is cut at 500 characters', () => {
    const reader = new FirmataStringReader();
    reader.push(firmataString('x'.repeat(600)));
    assert.equal(reader.last, 'x'.repeat(500));
    const flood = [0xf0, 0x71, ...new Array<number>(100_000).fill(0x41), 0xf7];
    reader.push(Buffer.from(flood));
    assert.equal(reader.last!.length, 500, 'however many bytes the board sends');
  });
});
