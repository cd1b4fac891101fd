/**
 * A button is heard only on a pin the sketch reads: on a real Uno, a button on a pin the sketch
 * never reads does nothing. So a test pressing the wrong pin fails, naming the pins the sketch did
 * set up (as the board was told: their Firmata modes), instead of passing while it tests nothing:
 * at once on a pin the sketch drives, when the button is let go on one it never read. Pressing a
 * pin the sketch reads, with its pull-up or without, in setup() or only later in loop(), works.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sketch } from '../../src/index.js';
import { parseScenario, runScenario, testSketch } from '../../src/testing/index.js';

/** Reads pin 4 only when a frame asks, in loop(): every pin is an input from reset. */
class ReadsInLoop extends Sketch {
  override async loop() {
    return `pin 4 reads ${await this.board.digitalRead(4, { pullUp: true })}`;
  }
}

/** Reads pin 4 as a plain input (an external pull-up on the real board), and answers its level. */
class PlainInput extends Sketch {
  override async setup() {
    await this.board.digitalRead(4);
  }

  override async loop() {
    return `pin 4 reads ${await this.board.digitalRead(4)}`;
  }
}

describe('pressing a pin', () => {
  it('the sketch does not read fails when the button is let go, naming the pins it set up; the servo stays where it was', async () => {
    const bench = await testSketch('examples/turnstile.ts');
    try {
      await assert.rejects(bench.press(3, { for: '50ms' }), {
        name: 'UserError',
        message: 'pin 3 was pressed, yet this sketch never read it (it set up pins 2 (INPUT_PULLUP), 9 (SERVO)): press the pin the sketch reads',
      });
      await bench.press(3);
      await assert.rejects(bench.release(3), /pin 3 was pressed, yet this sketch never read it/);
      assert.equal(bench.angle(9), 0);
    } finally {
      await bench.stop();
    }
  });

  it('the sketch drives (a servo, an output) fails at once', async () => {
    const bench = await testSketch('examples/turnstile.ts');
    try {
      await assert.rejects(bench.press(9), {
        name: 'UserError',
        message: 'pin 9 is not an input of this sketch (it set up pins 2 (INPUT_PULLUP), 9 (SERVO)): press the pin the sketch reads',
      });
      assert.equal(bench.angle(9), 0);
    } finally {
      await bench.stop();
    }
  });

  it('the sketch reads only in loop(), after the press, works: every pin is an input from reset', async () => {
    const bench = await testSketch(ReadsInLoop);
    try {
      await bench.press(4);
      assert.equal(await bench.send('/', 'level?'), 'pin 4 reads 0');
      await bench.release(4);
      assert.equal(await bench.send('/', 'level?'), 'pin 4 reads 1');
    } finally {
      await bench.stop();
    }
  });

  it('the sketch reads (INPUT_PULLUP) works: the turnstile turns', async () => {
    const bench = await testSketch('examples/turnstile.ts');
    try {
      await bench.press(2, { for: '50ms' });
      assert.equal(bench.angle(9), 30);
    } finally {
      await bench.stop();
    }
  });

  it('the sketch reads without a pull-up (INPUT) works: the pin reads LOW while pressed', async () => {
    const bench = await testSketch(PlainInput);
    try {
      await bench.press(4);
      assert.equal(await bench.send('/', 'level?'), 'pin 4 reads 0');
      await bench.release(4);
    } finally {
      await bench.stop();
    }
  });

  it('of a sketch that reads no pin says so, and how a sketch reads one', async () => {
    const bench = await testSketch('examples/blink.ts');
    try {
      await bench.send('/desk', 'on');
      await assert.rejects(
        bench.press(13),
        /^UserError: pin 13 is not an input of this sketch \(it set up pin 13 \(OUTPUT\)\): the sketch reads no pin: it makes one an input with a Button's start\(\) or this\.board\.digitalRead\(pin\)$/,
      );
    } finally {
      await bench.stop();
    }
  });

  it('the sketch reads as an analog input says to set its reading instead', async () => {
    const bench = await testSketch('test/fixtures/scenarios/analog-echo.ts');
    try {
      await bench.send('/', 'read');
      await assert.rejects(bench.press('A0'), /pin 14 is an analog input of this sketch \(ANALOG\), which no button press changes: set its reading with setAnalog\(14, value\)/);
    } finally {
      await bench.stop();
    }
  });

  it('in a scenario file: the press step fails the scenario with the same words', async () => {
    const scenario = parseScenario(
      'name: the wrong pin\nsketch: ../../examples/turnstile.ts\nsteps:\n  - press: { pin: 3, for: 50ms }\n  - expect-servo: { pin: 9, angle: 0 }\n',
      'test/testing/wrong-pin.test.yaml',
    );
    const result = await runScenario(scenario);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.steps.map(({ number, ok, happened }) => ({ number, ok, happened })),
      [{ number: 1, ok: false, happened: 'pin 3 was pressed, yet this sketch never read it (it set up pins 2 (INPUT_PULLUP), 9 (SERVO)): press the pin the sketch reads' }],
    );
  });

  it('on the simulated Uno: the pins as StandardFirmata was told to set them up', async () => {
    const bench = await testSketch('examples/turnstile.ts', { board: 'sim' });
    try {
      await assert.rejects(bench.press(3, { for: '50ms' }), { message: 'pin 3 was pressed, yet this sketch never read it (it set up pins 2 (INPUT_PULLUP), 9 (SERVO)): press the pin the sketch reads' });
      await assert.rejects(bench.press(9), { message: 'pin 9 is not an input of this sketch (it set up pins 2 (INPUT_PULLUP), 9 (SERVO)): press the pin the sketch reads' });
      await bench.press(2, { for: '50ms' });
      await bench.delay('100ms');
      assert.equal(bench.angle(9), 30);
    } finally {
      await bench.stop();
    }
  });
});
