/**
 * A bench's wait that ran out of the run's time, saying when: a wait for a pin names the run's time
 * it waited from and to (virtual ms from 0 on the mock board, the MCU's since power-on on the
 * simulated Uno) and what the pin showed meanwhile, so a failing test shows how far its run got.
 */
import { durationText } from './durations.js';

/**
 * A wait that ran out of the run's time; `at` is when it gave up. `happened` says what went wrong
 * without the run's time, for a scenario's failure, which says that beside its step.
 */
export class BenchTimeout extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly happened: string = message,
  ) {
    super(message);
    this.name = 'BenchTimeout';
  }

  /** "no reply to "on" on /desk within 2 s: it waited from 3 s to 5 s of the run's time". */
  static waited(what: string, from: number, at: number): BenchTimeout {
    return new BenchTimeout(`${what}: it waited ${runSpan(from, at)}`, at, what);
  }
}

/** What a waitPin() (or a waitPwm()) was after, and what the pin showed instead. */
export interface PinWait {
  pin: number;
  /** A level, 0 or 1; a duty, 0–255, for a waitPwm(). */
  value: number;
  /** What was waited for: a digital level (the default), or a PWM duty. */
  kind?: 'digital' | 'pwm';
  /** The wait's limit, in ms of the run's time. */
  within: number;
  /** The run's time when the wait began, and when it gave up. */
  from: number;
  at: number;
  /** The level (or duty) the pin stayed at, and since when (undefined: never driven). */
  stayed: number;
  since: number | undefined;
}

/**
 * A waitPin() whose pin never reached its value: "pin 13 did not become 0 within 2 s: it stayed 1
 * from 3 s to 5 s of the run's time, as it had been since 1 s". Its `happened` is what the pin did,
 * as a scenario's failure says it beside the step's own time: "it stayed 1 since 1 s", "it stayed
 * 0, never driven". A duty's: "pin 9 did not reach duty 128 within 2 s: it stayed at duty 255 …".
 */
export class PinWaitTimeout extends BenchTimeout {
  constructor(readonly wait: PinWait) {
    const { since } = wait;
    const pwm = wait.kind === 'pwm';
    const before = since === undefined ? ', never driven' : since < wait.from ? `, as it had been since ${durationText(since)}` : '';
    const stayed = `it stayed ${pwm ? 'at duty ' : ''}${wait.stayed}`;
    super(
      `pin ${wait.pin} did not ${pwm ? 'reach duty' : 'become'} ${wait.value} within ${durationText(wait.within)}: ${stayed} ${runSpan(wait.from, wait.at)}${before}`,
      wait.at,
      `${stayed}${since === undefined ? ', never driven' : ` since ${durationText(since)}`}`,
    );
    this.name = 'PinWaitTimeout';
  }
}

/** "from 3 s to 5 s of the run's time": where a wait that ran out began and gave up. */
function runSpan(from: number, at: number): string {
  return `from ${durationText(from)} to ${durationText(at)} of the run's time`;
}
