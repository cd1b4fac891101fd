import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { VirtualClock } from '../../src/time/virtual-clock.js';
import { BUTTON_DEBOUNCE_MS, Button, type ButtonChange, type ButtonOptions } from '../../src/devices/button.js';

const PIN = 2;
const START = 1_000_000;

/**
 * The mock board stamps each input with Date.now(), and the button waits out bounce with
 * setTimeout: both run on node:test's mock clock, so time moves only when the test ticks it.
 */
async function pressable(options?: ButtonOptions) {
  const board = new MockBoard();
  board.setInput(PIN, 'open');
  const button = new Button(board, PIN, options);
  const heard: string[] = [];
  const changes: ButtonChange[] = [];
  const record = (change: ButtonChange) => {
    heard.push(`${change.pressed ? 'press' : 'release'}@${change.at - START}`);
    changes.push(change);
  };
  button.on('press', record);
  button.on('release', record);
  const pressedAtStart = await button.start();
  /** The contact closes (the pin pulled to GND) or opens (the pull-up reads HIGH), `after` ms from the last. */
  const contact = (closed: boolean, after = 0) => {
    mock.timers.tick(after);
    board.setInput(PIN, closed ? 0 : 'open');
  };
  return { board, button, heard, changes, pressedAtStart, contact };
}

describe('Button (a device on a DigitalReader), debounced', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: START }));
  afterEach(() => mock.timers.reset());

  it('a press pulls the pin to GND, a release lets the pull-up read HIGH: one event each, at the time the input showed it', async () => {
    const { button, heard, changes, pressedAtStart, contact } = await pressable();
    assert.equal(pressedAtStart, false);
    contact(true, 100);
    assert.equal(button.isPressed, true);
    contact(false, 300);
    assert.equal(button.isPressed, false);
    assert.deepEqual(heard, ['press@100', 'release@400']);
    assert.deepEqual(changes[0], { pin: PIN, pressed: true, at: START + 100, source: 'host' });
  });

  it(`bounces within the debounce time (default ${BUTTON_DEBOUNCE_MS} ms) of a press or a release are one press and one release`, async () => {
    const { heard, contact } = await pressable();
    contact(true, 100);
    contact(false, 2);
    contact(true, 3);
    contact(false, 2);
    contact(true, 4);
    mock.timers.tick(200);
    contact(false);
    contact(true, 5);
    contact(false, 5);
    mock.timers.tick(200);
    assert.deepEqual(heard, ['press@100', 'release@311']);
  });

  it('a tap shorter than the debounce time is a press, and a release once the time is up', async () => {
    const { heard, contact } = await pressable();
    contact(true, 100);
    contact(false, 5);
    mock.timers.tick(BUTTON_DEBOUNCE_MS - 5 - 1);
    assert.deepEqual(heard, ['press@100'], 'still within the debounce time: it may be bounce');
    mock.timers.tick(1);
    assert.deepEqual(heard, ['press@100', 'release@105']);
  });

  it("waits out the debounce on the board's clock, which stamps its inputs (a run's virtual clock under pinmesh/testing), not the wall's", async () => {
    mock.timers.reset(); // the wall's timers are real here: only the virtual clock may settle the tap
    const clock = new VirtualClock();
    const board = new MockBoard({ clock });
    board.setInput(PIN, 'open');
    const button = new Button(board, PIN);
    const heard: string[] = [];
    button.on('press', (change) => heard.push(`press@${change.at}`));
    button.on('release', (change) => heard.push(`release@${change.at}`));
    await button.start();
    await clock.advance(100);
    board.setInput(PIN, 0);
    await clock.advance(5);
    board.setInput(PIN, 'open');
    await clock.advance(BUTTON_DEBOUNCE_MS - 5 - 1);
    assert.deepEqual(heard, ['press@100']);
    await clock.advance(1);
    assert.deepEqual(heard, ['press@100', 'release@105']);
  });

  it('the debounce time is an option: with 0 every change counts', async () => {
    const { heard, contact } = await pressable({ debounceMs: 0 });
    contact(true, 10);
    contact(false, 1);
    contact(true, 1);
    assert.deepEqual(heard, ['press@10', 'release@11', 'press@12']);
  });

  it('held at start: start() says so, no press is made up, and letting go is a release', async () => {
    const board = new MockBoard();
    board.setInput(PIN, 0);
    const button = new Button(board, PIN);
    const heard: boolean[] = [];
    button.on('press', () => heard.push(true));
    button.on('release', () => heard.push(false));
    assert.equal(await button.start(), true);
    assert.equal(button.isPressed, true);
    board.setInput(PIN, 'open');
    assert.deepEqual(heard, [false]);
  });

  it('wired to 5 V with a pull-down, pressed reads HIGH (and the pull-up stays off)', async () => {
    const board = new MockBoard();
    const button = new Button(board, PIN, { wiredTo: '5v' });
    const heard: boolean[] = [];
    button.on('press', () => heard.push(true));
    button.on('release', () => heard.push(false));
    assert.equal(await button.start(), false, 'an open pin without its pull-up reads LOW: released');
    board.setInput(PIN, 1);
    mock.timers.tick(100);
    board.setInput(PIN, 0);
    assert.deepEqual(heard, [true, false]);
  });

  it('stop() ends the events, a bounce wait included', async () => {
    const { button, heard, contact } = await pressable();
    contact(true, 100);
    contact(false, 5);
    button.stop();
    mock.timers.tick(100);
    contact(true, 100);
    assert.deepEqual(heard, ['press@100']);
  });

  it('refuses a debounce time below 0', () => {
    assert.throws(() => new Button(new MockBoard(), PIN, { debounceMs: -1 }), /debounce time is 0 ms or more, got -1/);
  });

  it("refuses a wiring other than 'ground' and '5v' (a JavaScript sketch's '5V' would have been read as ground's opposite without a word)", () => {
    assert.throws(() => new Button(new MockBoard(), PIN, { wiredTo: '5V' as never }), { name: 'RangeError', message: `a button is wired to 'ground' or '5v', got "5V"` });
  });

  it('needs a pin that can be an input', async () => {
    await assert.rejects(new Button(new MockBoard(), 0).start(), /pin 0 cannot be used as digital-in/);
  });

  it('claims its pin as a digital input', () => {
    assert.deepEqual(Button.claim, { use: 'button', mode: 'digital-in' });
  });
});
