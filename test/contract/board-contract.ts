import assert from 'node:assert/strict';
import { once, type EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { BoardOfflineError, type Board, type InputObservation, type PinObservation, type PwmObservation, type ServoObservation } from '../../src/boards/board.js';
import { hasPinSetups } from '../../src/boards/capabilities.js';

/** What the contract needs to know about one implementation of the board. */
export interface BoardUnderTest {
  board: Board;
  /** Pulls the cable (the link dies); absent where that cannot be done from a test (real hardware). */
  unplug?: () => void;
  /** Puts it back. */
  plug?: () => Promise<void> | void;
  /** Drives a digital input from outside the board: to 5 V (1), to GND (0), or nothing ('open'). */
  driveInput?: (pin: number, level: 0 | 1 | 'open') => void;
  /** Puts a voltage on an analog input that reads as `reading` (0–1023). */
  driveAnalog?: (pin: number, reading: number) => void;
  /** Releases what the test set up besides the board, after its close() (a board node and the board behind it). */
  dispose?: () => Promise<void> | void;
}

export interface ContractOptions {
  /** Output observations come from the MCU's own pins ('mcu') or from what the host wrote ('host'). */
  source: 'mcu' | 'host';
  /** The PWM frequency the implementation tells on the piezo pin (3), if it tells one. */
  pwmHz?: [min: number, max: number];
  /** True where the implementation measures a servo's pulse width (the simulated Uno, on the MCU's pin). */
  servoPulse?: boolean;
  /** False where the test cannot pull the cable (real hardware): that test is skipped. */
  unplugged?: boolean;
  /** Why the input tests are skipped, where a test cannot drive the board's inputs (real hardware). */
  noInputs?: string;
  /** Skip the whole suite, with the reason shown. */
  skip?: string;
  /** The board's pins as its firmware reports them. Default: an Uno's. */
  pins?: ContractPins;
}

/** Which pins the contract uses, and what the capability report must say of them. */
export interface ContractPins {
  /** "an Uno", in the capability test's name. */
  title: string;
  /** The board's name in its identity (`board`), from the pins it reported: "uno", "mega". */
  name: string;
  pwm: readonly number[];
  /** Digital pins without PWM; the first is the one a PWM write is refused on. */
  noPwm: readonly number[];
  /** A0, A1, … */
  analog: readonly number[];
  /** The analog input the contract reads (A0). */
  pot: number;
  /** A pin past the last. */
  none: number;
}

export const UNO_PINS: ContractPins = {
  title: 'an Uno',
  name: 'uno',
  pwm: [3, 5, 6, 9, 10, 11],
  noPwm: [13, 2, 4, 7, 8, 12],
  analog: [14, 15, 16, 17, 18, 19],
  pot: 14,
  none: 99,
};

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The Mega 2560's StandardFirmata: PWM on 2–13 and 44–46, A0–A15 = 54–69, 70 pins. */
export const MEGA_PINS: ContractPins = {
  title: 'a Mega 2560',
  name: 'mega',
  pwm: [...range(2, 13), 44, 45, 46],
  noPwm: [22, 23, 30, 38, 43, 47, 53],
  analog: range(54, 69),
  pot: 54,
  none: 70,
};

// Pins with the same job on every board the contract runs on (an Uno's and a Mega's alike).
const LED = 13;
const PIEZO = 3;
const BUTTON = 2;
const SERVO = 9;
/** A measured servo pulse is within this of the Servo library's width for the angle (1° is 10.3 µs). */
const PULSE_TOLERANCE_US = 8;
/** Analog readings waited for at a 100 ms interval, and for at most how long. */
const READINGS = 6;
const READINGS_WAIT_MS = 5_000;

/** The first `event` of `board` that passes `test` (registered before the cause, so nothing is missed). */
function next<T>(board: Board, event: 'pin' | 'pwm' | 'input', test: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = (value: T) => {
      if (!test(value)) return;
      board.off(event, listener as never);
      resolve(value);
    };
    board.on(event, listener as never);
  });
}

/**
 * The board contract, per capability: every implementation of the board (mock, simulated Uno,
 * real Uno) must pass it. One board per suite, tests in order, close() last.
 */
export function boardContract(name: string, create: () => Promise<BoardUnderTest>, options: ContractOptions): void {
  describe(`board contract: ${name}`, { skip: options.skip }, () => {
    let subject: BoardUnderTest;
    const pins: PinObservation[] = [];
    const pwms: PwmObservation[] = [];
    const servos: ServoObservation[] = [];

    before(async () => {
      subject = await create();
      subject.board.on('pin', (observation) => pins.push(observation));
      subject.board.on('pwm', (observation) => pwms.push(observation));
      subject.board.on('servo', (observation) => servos.push(observation));
    });
    after(async () => {
      await subject?.board.close();
      await subject?.dispose?.();
    });

    const lastPin = (pin: number) => pins.filter((o) => o.pin === pin).at(-1);
    const lastPwm = (pin: number) => pwms.filter((o) => o.pin === pin).at(-1);
    const lastServo = (pin: number) => servos.filter((o) => o.pin === pin).at(-1);
    const inputs = { skip: options.noInputs ?? false };
    const layout = options.pins ?? UNO_PINS;
    const POT = layout.pot;

    describe('connection', () => {
      it('reports readiness with the firmware identity, and which board it is', async () => {
        const identity = await subject.board.ready();
        assert.equal(identity.kind, subject.board.kind);
        assert.ok(identity.firmware.length > 0, 'firmware name');
        assert.match(identity.version, /^\d+\.\d+$/);
        assert.equal(identity.board, layout.name, 'the board named by the pins it reported');
        assert.equal(subject.board.online, true);
      });
    });

    describe('capability query', () => {
      it(`answers each pin's modes as ${layout.title} has them`, () => {
        const { board } = subject;
        for (const pin of layout.pwm) assert.ok(board.pinModes(pin).includes('pwm'), `pin ${pin} has PWM`);
        for (const pin of layout.noPwm) assert.ok(!board.pinModes(pin).includes('pwm'), `pin ${pin} has no PWM`);
        layout.analog.forEach((pin, channel) => assert.ok(board.pinModes(pin).includes('analog-in'), `pin ${pin} (A${channel}) is analog`));
        for (const pin of [2, 13, layout.pot]) assert.ok(board.pinModes(pin).includes('digital-out') && board.pinModes(pin).includes('digital-in'), `pin ${pin} is digital in and out`);
        assert.deepEqual(board.pinModes(0), [], 'pin 0 is the serial line');
        assert.deepEqual(board.pinModes(layout.none), [], `no pin ${layout.none}`);
      });
    });

    describe('digital write', () => {
      it('a write HIGH reaches the pin, then LOW', async () => {
        await subject.board.digitalWrite(LED, 1);
        assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 1, source: options.source });
        await subject.board.digitalWrite(LED, 0);
        assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 0, source: options.source });
      });

      it('a write that keeps the level is not observed again: a digital output is a state', async () => {
        const before = pins.length;
        await subject.board.digitalWrite(LED, 0);
        await subject.board.digitalWrite(LED, 1);
        await subject.board.digitalWrite(LED, 1);
        await subject.board.digitalWrite(LED, 0);
        assert.deepEqual(pins.slice(before).map((o) => o.value), [1, 0]);
      });

      it('1,000 concurrent writes all resolve, each change observed in order, the pin left at the last', async () => {
        const values = Array.from({ length: 1_000 }, (_, index) => ((index * 7) % 3 === 0 ? 1 : 0) as 0 | 1);
        const changes = values.filter((value, index) => value !== (index === 0 ? 0 : values[index - 1]));
        const before = pins.length;
        await Promise.all(values.map((value) => subject.board.digitalWrite(LED, value)));
        assert.deepEqual(pins.slice(before).filter((o) => o.pin === LED).map((o) => o.value), changes);
        const times = pins.slice(before).map((o) => o.at);
        assert.deepEqual(times, [...times].sort((a, b) => a - b), 'at never runs backwards');
        assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: values.at(-1), source: options.source });
        await subject.board.digitalWrite(LED, 0);
      });

      it('refuses a pin that cannot be an output, saying what it can do', async () => {
        await assert.rejects(subject.board.digitalWrite(0, 1), /pin 0 cannot be used as digital-out/);
      });

      it("refuses a level other than 0 and 1 (a JavaScript sketch's 'high', true, 2), saying which are, and leaves the pin as it was", async () => {
        await subject.board.digitalWrite(LED, 0);
        const before = pins.length;
        for (const [level, said] of [['high', '"high"'], [true, 'true'], [2, '2']] as const) {
          await assert.rejects(subject.board.digitalWrite(LED, level as unknown as 0 | 1), new RegExp(`^RangeError: a digital level is 0 \\(LOW\\) or 1 \\(HIGH\\), got ${said}$`));
        }
        assert.deepEqual(pins.slice(before), [], 'nothing written');
      });
    });

    describe('PWM', () => {
      it('a duty of 128 drives the pin, 0 stops it', async () => {
        await subject.board.pwmWrite(PIEZO, 128);
        const driven = lastPwm(PIEZO);
        assert.equal(driven?.duty, 128);
        assert.equal(driven?.source, options.source);
        if (options.pwmHz) {
          const [min, max] = options.pwmHz;
          assert.ok(driven!.frequency! >= min && driven!.frequency! <= max, `PWM at ${driven!.frequency} Hz`);
        }
        await subject.board.pwmWrite(PIEZO, 0);
        assert.equal(lastPwm(PIEZO)?.duty, 0);
        assert.equal(lastPwm(PIEZO)?.source, options.source);
      });

      it('a write that keeps the duty is not observed again: a PWM output is a state', async () => {
        await subject.board.pwmWrite(PIEZO, 128);
        const before = pwms.length;
        await subject.board.pwmWrite(PIEZO, 128);
        assert.equal(pwms.length, before);
        await subject.board.pwmWrite(PIEZO, 0);
        assert.deepEqual(pwms.slice(before).map((o) => o.duty), [0]);
      });

      it('refuses a pin without PWM, and a duty out of 0–255', async () => {
        const noPwm = layout.noPwm[0]!;
        await assert.rejects(subject.board.pwmWrite(noPwm, 128), new RegExp(`pin ${noPwm} cannot be used as pwm on this board \\(.+\\): it supports`));
        await assert.rejects(subject.board.pwmWrite(PIEZO, 256), /0–255/);
      });
    });

    describe('servo', () => {
      it('a write attaches the servo and commands the angle: 90°, then the ends of the range, 0° and 180°', async () => {
        for (const [degrees, pulseUs] of [[90, 1472], [0, 544], [180, 2400]] as const) {
          await subject.board.servoWrite(SERVO, degrees);
          const observed = lastServo(SERVO);
          assert.deepEqual(observed && { pin: observed.pin, degrees: observed.degrees, source: observed.source }, { pin: SERVO, degrees, source: options.source });
          if (options.servoPulse) assert.ok(Math.abs(observed!.pulseUs! - pulseUs) <= PULSE_TOLERANCE_US, `${degrees}° is a ${pulseUs} µs pulse, measured ${observed!.pulseUs} µs`);
        }
      });

      it('a write that keeps the angle is not observed again: a servo position is a state', async () => {
        await subject.board.servoWrite(SERVO, 45);
        const before = servos.length;
        await subject.board.servoWrite(SERVO, 45);
        assert.equal(servos.length, before);
        await subject.board.servoWrite(SERVO, 46);
        assert.deepEqual(servos.slice(before).map((o) => o.degrees), [46]);
      });

      it('refuses an angle that is not a whole 0–180, and a pin that cannot drive a servo', async () => {
        await assert.rejects(subject.board.servoWrite(SERVO, 181), /integer 0–180 degrees, got 181/);
        await assert.rejects(subject.board.servoWrite(SERVO, 12.5), /integer 0–180 degrees/);
        await assert.rejects(subject.board.servoWrite(0, 90), /pin 0 cannot be used as servo/);
      });
    });

    describe('digital read', () => {
      it('with the pull-up, an open pin reads HIGH and each change is reported', inputs, async () => {
        subject.driveInput!(BUTTON, 'open');
        assert.equal(await subject.board.digitalRead(BUTTON, { pullUp: true }), 1);
        const pressed = next<InputObservation>(subject.board, 'input', (o) => o.pin === BUTTON);
        subject.driveInput!(BUTTON, 0);
        assert.deepEqual(pickInput(await pressed), { pin: BUTTON, mode: 'digital', value: 0 });
        const released = next<InputObservation>(subject.board, 'input', (o) => o.pin === BUTTON);
        subject.driveInput!(BUTTON, 'open');
        assert.deepEqual(pickInput(await released), { pin: BUTTON, mode: 'digital', value: 1 });
      });

      it('without the pull-up, reads what drives the pin', inputs, async () => {
        subject.driveInput!(4, 1);
        assert.equal(await subject.board.digitalRead(4), 1);
        const low = next<InputObservation>(subject.board, 'input', (o) => o.pin === 4);
        subject.driveInput!(4, 0);
        assert.equal((await low).value, 0);
      });
    });

    describe('read options', () => {
      it("refuses an option a read does not take, or one of the wrong kind (a JavaScript sketch's { pullup: true }, { intervalMs: 'fast' }), naming the right one", async () => {
        await assert.rejects(subject.board.digitalRead(BUTTON, { pullup: true } as never), { name: 'TypeError', message: 'digitalRead() takes the option pullUp, not "pullup": did you mean "pullUp"?' });
        await assert.rejects(subject.board.digitalRead(BUTTON, { pullUp: 'yes' } as never), { name: 'TypeError', message: `digitalRead()'s pullUp is true or false, got "yes"` });
        await assert.rejects(subject.board.analogRead(POT, { interval: 20 } as never), { name: 'TypeError', message: 'analogRead() takes the option intervalMs, not "interval": did you mean "intervalMs"?' });
        await assert.rejects(subject.board.analogRead(POT, { intervalMs: 'fast' } as never), { name: 'RangeError', message: `analogRead()'s intervalMs is a whole number of milliseconds, 1 to 60000, got "fast"` });
        await assert.rejects(subject.board.analogRead(POT, { intervalMs: 0 }), { name: 'RangeError', message: `analogRead()'s intervalMs is a whole number of milliseconds, 1 to 60000, got 0` });
      });
    });

    describe('analog read', () => {
      it('reads 0–1023 and reports readings at the interval', inputs, async () => {
        subject.driveAnalog!(POT, 512);
        assert.equal(await subject.board.analogRead(POT, { intervalMs: 20 }), 512);
        const turned = next<InputObservation>(subject.board, 'input', (o) => o.pin === POT && o.value === 1000);
        subject.driveAnalog!(POT, 1000);
        assert.deepEqual(pickInput(await turned), { pin: POT, mode: 'analog', value: 1000 });
      });

      it('read again without an interval: the interval stays, and each reading is reported once', inputs, async () => {
        const reports: InputObservation[] = [];
        let enough = () => {};
        const listen = (observation: InputObservation) => {
          if (observation.pin !== POT) return;
          reports.push(observation);
          enough();
        };
        subject.board.on('input', listen);
        try {
          await subject.board.analogRead(POT, { intervalMs: 100 });
          // As a sketch polling in a loop does: neither back to the default 19 ms, nor a second report of each reading.
          for (let i = 0; i < 3; i++) await subject.board.analogRead(POT);
          const from = reports.length;
          // Six readings, however long a busy machine takes to give them (not a count in a fixed window:
          // a process kept waiting most of a second sees one timer where there were nine).
          await new Promise<void>((resolve) => {
            const deadline = setTimeout(resolve, READINGS_WAIT_MS);
            enough = () => {
              if (reports.length - from < READINGS) return;
              clearTimeout(deadline);
              resolve();
            };
          });
          const at = reports.slice(from, from + READINGS).map((report) => report.at);
          const gaps = at.slice(1).map((time, i) => time - at[i]!).sort((a, b) => a - b);
          assert.equal(at.length, READINGS, `${at.length} readings in ${READINGS_WAIT_MS / 1000} s at 100 ms`);
          // A reading reported twice makes every other gap 0 (two or three of the five); one gap of 0 is
          // two readings the host read in one go, stamped alike, after a stall of its own (seen in a
          // full run, on the pty Uno with a bootloader).
          assert.ok(gaps.filter((gap) => gap === 0).length <= 1, `a reading was reported twice: ${at.join(', ')}`);
          assert.ok(gaps[Math.floor(gaps.length / 2)]! >= 60, `readings every ${gaps[Math.floor(gaps.length / 2)]} ms, not at the 100 ms asked`);
        } finally {
          subject.board.off?.('input', listen);
        }
      });

      it('refuses a pin that is not analog, naming the analog inputs', async () => {
        await assert.rejects(subject.board.analogRead(LED), (error: Error) => /pin 13 cannot be used as analog-in/.test(error.message) && new RegExp(`the analog inputs are pins ${layout.analog[0]}–${layout.analog.at(-1)} \\(A0–A${layout.analog.length - 1}\\)`).test(error.message));
      });
    });

    describe('pin setups', () => {
      it('says what the host set each pin up as, in Arduino\'s words (pinmesh/testing presses only an input)', async (t) => {
        const board = subject.board as object;
        if (!hasPinSetups(board)) return t.skip('this board does not say how its pins are set up (only the boards a pinmesh/testing bench runs on need to)');
        const setups = board.pinSetups();
        assert.deepEqual([LED, PIEZO, SERVO].map((pin) => setups.get(pin)), ['OUTPUT', 'PWM', 'SERVO']);
        if (!options.noInputs) assert.deepEqual([BUTTON, 4, POT].map((pin) => setups.get(pin)), ['INPUT_PULLUP', 'INPUT', 'ANALOG']);
        assert.equal(setups.get(layout.none), undefined, 'a pin never used, or refused, is not set up');
      });
    });

    describe('offline and online', () => {
      it('going offline is reported, writes are refused, and it comes back with its pins working', { skip: options.unplugged === false ? 'this board cannot be unplugged from a test' : false }, async () => {
        const offline = once(subject.board as unknown as EventEmitter, 'offline');
        subject.unplug!();
        await offline;
        assert.equal(subject.board.online, false);
        await assert.rejects(subject.board.digitalWrite(LED, 1), BoardOfflineError);
        await assert.rejects(subject.board.pwmWrite(PIEZO, 128), BoardOfflineError);

        const online = once(subject.board as unknown as EventEmitter, 'online');
        await subject.plug!();
        await online;
        assert.equal(subject.board.online, true);
        await subject.board.digitalWrite(LED, 1);
        assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 1, source: options.source });
        await subject.board.pwmWrite(PIEZO, 128);
        assert.equal(lastPwm(PIEZO)?.duty, 128);
      });
    });

    describe('close, the fail-safe', () => {
      it('close() leaves every pin it drove LOW, every PWM at 0 and every servo detached, then refuses writes', async () => {
        await subject.board.digitalWrite(LED, 1);
        await subject.board.pwmWrite(PIEZO, 128);
        await subject.board.servoWrite(SERVO, 120);
        await subject.board.close();
        assert.deepEqual(lastServo(SERVO), { pin: SERVO, at: lastServo(SERVO)!.at, source: options.source }, 'the servo is detached: no angle, no pulses');
        assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 0, source: options.source });
        assert.equal(lastPwm(PIEZO)?.duty, 0);
        assert.equal(lastPwm(PIEZO)?.source, options.source);
        assert.equal(subject.board.online, false);
        await assert.rejects(subject.board.digitalWrite(LED, 1), BoardOfflineError);
      });
    });
  });
}

function pick(observation: PinObservation | undefined) {
  return observation && { pin: observation.pin, value: observation.value, source: observation.source };
}

function pickInput(observation: InputObservation) {
  return { pin: observation.pin, mode: observation.mode, value: observation.value };
}
