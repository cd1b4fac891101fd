import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyValue, looksLikeSerialPort, nodePort, number, port, serialPort } from '../../src/cli/parse.js';
import { UserError } from '../../src/errors.js';

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

  it('--serial-port: an empty one is a mistake said in one line, not "find the board"', () => {
    assert.equal(serialPort('/dev/ttyACM0'), '/dev/ttyACM0');
    for (const empty of ['', ' ']) {
      assert.throws(() => serialPort(empty), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.equal(error.message, "--serial-port is empty: give the board's serial port (pinmesh ports lists them)");
        return true;
      });
    }
  });

  it("a node's --port given a serial port's path sends it to --serial-port", () => {
    assert.equal(nodePort('8764'), 8764);
    for (const path of ['/tmp/x/uno', './uno', 'COM3', 'serial\\port', 'dev/ttyACM0']) {
      assert.ok(looksLikeSerialPort(path), path);
      assert.throws(() => nodePort(path), /a serial port goes in --serial-port PATH \(--port is the node's TCP port\)/);
    }
    for (const notAPath of ['http', '80.5', '.5', '']) {
      assert.equal(looksLikeSerialPort(notAPath), false, notAPath);
      assert.throws(() => nodePort(notAPath), /^InvalidArgumentError: expected a whole number from 0 to 65535, got/);
    }
  });
});
