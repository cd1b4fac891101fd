import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyValue, number, port } from '../../src/cli/parse.js';

describe('CLI argument parsing', () => {
  it('accepts numbers in range and explains the range otherwise', () => {
    assert.equal(number({ min: 0, max: 1 })('0.6'), 0.6);
    assert.throws(() => number({ min: 0, max: 1 })('2'), /a number from 0 to 1, got "2"/);
    assert.throws(() => port('http'), /a whole number from 0 to 65535/);
    assert.throws(() => port('80.5'), /whole number/);
    assert.throws(() => port(''), /whole number/);
  });

  it('reads -o key=value options, with numbers and booleans typed', () => {
    let options = keyValue('count=3');
    options = keyValue('loud=true', options);
    options = keyValue('greeting=hello=world', options);
    assert.deepEqual(options, { count: 3, loud: true, greeting: 'hello=world' });
    assert.throws(() => keyValue('novalue'), /expected key=value/);
  });
});
