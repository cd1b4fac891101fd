/**
 * Event lines waiting for their hand-on are kept as UTF-8 bytes outside the JavaScript heap
 * (src/report/line-bytes.ts), so a young-generation GC has no held lines to copy. What goes in comes
 * out byte for byte, in order, and bytes already taken are never written over.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countLines, LineBytes } from '../../src/report/line-bytes.js';

const text = (pieces: Buffer[]): string => Buffer.concat(pieces).toString('utf8');

describe('lines kept as bytes until they are handed on', () => {
  it('gives back what was appended, in order, and counts lines and bytes until taken', () => {
    const bytes = new LineBytes();
    bytes.append('{"node":"iopin","event":"tick"}\n', 1);
    bytes.append('pin 13 → HIGH\n', 1);
    assert.equal(bytes.lines, 2);
    assert.equal(bytes.bytes, Buffer.byteLength('{"node":"iopin","event":"tick"}\npin 13 → HIGH\n'));
    assert.equal(text(bytes.take()), '{"node":"iopin","event":"tick"}\npin 13 → HIGH\n');
    assert.equal(bytes.lines, 0);
    assert.equal(bytes.bytes, 0);
    assert.deepEqual(bytes.take(), []);
  });

  it('encodes every character as UTF-8: accents, emoji (surrogate pairs) and control characters escaped by JSON', () => {
    const bytes = new LineBytes(16);
    const lines = ['é', '🎵 buzz', JSON.stringify('\u001b[2J'), 'x'.repeat(40)];
    for (const line of lines) bytes.append(`${line}\n`, 1);
    assert.equal(text(bytes.take()), lines.map((line) => `${line}\n`).join(''));
  });

  it('starts a new chunk when one is full, and a line longer than a chunk gets one of its own', () => {
    const bytes = new LineBytes(32);
    const lines = Array.from({ length: 50 }, (_, n) => `line ${n} ${'·'.repeat(n % 7)}`);
    lines.push('y'.repeat(500));
    for (const line of lines) bytes.append(`${line}\n`, 1);
    const pieces = bytes.take();
    assert.ok(pieces.length > 1, 'several chunks');
    assert.equal(text(pieces), lines.map((line) => `${line}\n`).join(''));
  });

  it('never writes over bytes it handed out: a writer may still hold them', () => {
    const bytes = new LineBytes(64);
    bytes.append('first\n', 1);
    const first = bytes.take();
    for (let n = 0; n < 20; n++) bytes.append(`later ${n}\n`, 1);
    assert.equal(text(first), 'first\n');
    assert.equal(text(bytes.take()), Array.from({ length: 20 }, (_, n) => `later ${n}\n`).join(''));
  });

  it('takes a block of several lines at once (a turn\'s lines), counted as given', () => {
    const bytes = new LineBytes(16);
    bytes.append('a\nb\nc\n', 3);
    bytes.append('d\n', 1);
    assert.equal(bytes.lines, 4);
    assert.equal(text(bytes.take()), 'a\nb\nc\nd\n');
  });

  it('a block bigger than a chunk gets a chunk of its own size, not three times it', () => {
    const bytes = new LineBytes(1024);
    const block = `${'x'.repeat(99)}\n`.repeat(100);
    bytes.append(block, 100);
    const [piece] = bytes.take();
    assert.equal(piece!.toString(), block);
    assert.equal(piece!.buffer.byteLength, block.length, 'exactly its bytes');
  });

  it('counts the lines in text or bytes (what a writer dropped)', () => {
    assert.equal(countLines('a\nb\n'), 2);
    assert.equal(countLines(Buffer.from('a\nb\nc')), 2);
    assert.equal(countLines(''), 0);
  });
});
