import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { testCircuit, testSketch } from '../../src/testing/index.js';

describe('pinmesh/testing: a sketch under test on the mock board, in virtual time', () => {
  it('sends a frame to examples/blink.ts, awaits its reply, and sees the LED in the pin history with its time', async () => {
    const bench = await testSketch('examples/blink.ts');
    try {
      assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
      assert.equal(bench.level(13), 1);
      await bench.delay('500ms');
      assert.equal(await bench.send('/desk', 'off'), 'led off (asked on /desk)');
      assert.deepEqual(
        bench.history.of(13, 'digital').map(({ at, value }) => ({ at, value })),
        [
          { at: 0, value: 1 },
          { at: 500, value: 0 },
        ],
      );
    } finally {
      await bench.stop();
    }
  });

  it("closes the test's connections as a client that is done when it stops: the node reports disconnected (1000), not a connection cut (1006)", async () => {
    const bench = await testSketch('examples/blink.ts');
    try {
      assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
    } finally {
      await bench.stop();
    }
    const closes = bench.events.filter((event) => event.event === 'disconnected').map((event) => ({ node: event.node, ...(event as { channel?: string; code?: number }) }));
    assert.deepEqual(closes.map(({ node, channel, code }) => ({ node, channel, code })), [{ node: 'blink', channel: '/desk', code: 1000 }]);
  });

  it('lets 10 s of sketch time pass without waiting for them', async () => {
    const bench = await testSketch('iopin', { options: { hold: 10_000, sequence: 2 }, seed: 1 });
    try {
      const started = performance.now();
      await bench.delay('10s');
      assert.equal(bench.now(), 10_000);
      assert.ok(performance.now() - started < 10_000, 'ten virtual seconds took ten wall seconds');
    } finally {
      await bench.stop();
    }
  });

  it('times out a wait-pin in virtual time, saying what the pin did', async () => {
    const bench = await testSketch('examples/blink.ts');
    try {
      await assert.rejects(bench.waitPin(13, 1, { timeout: '2s' }), /pin 13 did not become 1 within 2 s: it stayed 0 from 0 ms to 2 s of the run's time, never driven/);
      assert.equal(bench.now(), 2000);
    } finally {
      await bench.stop();
    }
  });

  it('presses the turnstile button and sees the servo turn by 30°', async () => {
    const bench = await testSketch('examples/turnstile.ts');
    try {
      assert.equal(bench.angle(9), 0);
      await bench.press(2, { for: '50ms' });
      assert.equal(bench.angle(9), 30);
      await bench.delay('100ms');
      await bench.press(2, { for: '50ms' });
      assert.equal(bench.angle(9), 60);
    } finally {
      await bench.stop();
    }
  });

  it('runs the article circuit: its clock, the iopin holding each bit, the buzzer sounding the piezo at 490 Hz', async () => {
    const bench = await testCircuit({ ticks: 3, delay: '1s', seed: 7 });
    try {
      const summary = (await bench.until(bench.done)) as { acked: number; ticks: number };
      assert.deepEqual({ acked: summary.acked, ticks: summary.ticks }, { acked: 3, ticks: 3 });
      // The iopin held 3 bits a tick on pin 13: the history has each change of its level (a bit like the one before is none).
      const written = bench.events.filter((event) => event.event === 'bits').flatMap((event) => event.bits as Array<0 | 1>);
      assert.equal(written.length, 9);
      const changes = written.filter((bit, index) => bit !== (index === 0 ? 0 : written[index - 1]));
      assert.deepEqual(bench.history.of(13, 'digital').map((change) => change.value), changes);
      assert.ok(bench.now() >= 2000 + 2 * 400, `the clock's delays and the holds passed in virtual time (now ${bench.now()})`);
      for (const tone of bench.tones(3)) assert.equal(tone.frequency, 490);
    } finally {
      await bench.stop();
    }
  });

  it("takes the clocks' delay as every duration of pinmesh/testing: '2s' and 2000 are 2 s, 2 is 2 ms", async () => {
    const run = async (delay: string | number) => {
      const bench = await testCircuit({ ticks: 3, delay, seed: 7 });
      try {
        await bench.until(bench.done);
        return { now: bench.now(), changes: bench.history.changes.map(({ at, pin, kind, value }) => `${at} ${pin} ${kind} ${value}`) };
      } finally {
        await bench.stop();
      }
    };
    const seconds = await run('2s');
    assert.deepEqual(await run(2000), seconds);
    const ms = await run(2);
    // Two delays between three ticks: 2 × (2000 − 2) ms sooner.
    assert.equal(seconds.now - ms.now, 2 * 1998);
  });

  it('a bad option is one line and the line of the test that made the call, not pinmesh\'s frames', async () => {
    const mistakes: Array<[() => Promise<unknown>, string]> = [
      [() => testCircuit({ ticks: 4, delay: 'soon' }), `the clocks' delay: a duration is a number of ms or a text like 500ms, 2s or 1m, got "soon"`],
      [() => testCircuit({ ticks: 'x' as never }), `the clocks' ticks: a whole number of ticks (0: until stopped), got "x"`],
      [() => testSketch('iopin', { options: { hold: 'long' } }), 'bad option for iopin: hold:'],
      // Misspelt keys of the call itself, once dropped in silence: the test then tested something else.
      [() => testSketch('iopin', { option: { hold: 0 } } as never), 'testSketch: unknown option "option": did you mean "options"? (it takes board, seed, sinks, record, options, name)'],
      [() => testSketch('iopin', { seeed: 3 } as never), 'testSketch: unknown option "seeed": did you mean "seed"?'],
      [() => testCircuit({ tick: 3 } as never), 'testCircuit: unknown option "tick": did you mean "ticks"?'],
      [() => testSketch('iopin', { board: 'simm' as never }), 'testSketch: board "simm": did you mean "sim"? pinmesh/testing runs on the mock board ("mock") or the simulated Uno ("sim")'],
    ];
    for (const [start, message] of mistakes) {
      await assert.rejects(start(), (error: Error & { exitCode?: number }) => {
        assert.equal(error.name, 'UserError');
        assert.ok(error.message.startsWith(message), error.message);
        const [first, ...frames] = error.stack!.split('\n');
        assert.equal(first, `UserError: ${error.message}`);
        assert.equal(frames.length, 1, error.stack);
        assert.match(frames[0]!, /test-bench\.test\.[jt]s:\d+:\d+\)?$/);
        assert.equal(Object.keys(error).includes('exitCode'), false, 'a test runner prints no { exitCode: 1 }');
        return true;
      });
    }
  });

  it("a bench call's misspelt option is refused with the one it meant, not dropped (press's { fro } pressed for ever; send's { timout } waited the default)", async () => {
    const bench = await testSketch('examples/blink.ts');
    try {
      const mistakes: Array<[() => Promise<unknown>, string]> = [
        [() => bench.send('/desk', 'on', { timout: '1s' } as never), 'send: unknown option "timout": did you mean "timeout"? (it takes node, timeout)'],
        [() => bench.waitPin(13, 1, { timeot: '1s' } as never), 'waitPin: unknown option "timeot": did you mean "timeout"? (it takes timeout)'],
        [() => bench.waitPwm(9, 0, { timeot: '1s' } as never), 'waitPwm: unknown option "timeot": did you mean "timeout"? (it takes timeout)'],
        [() => bench.press(2, { fro: '1s' } as never), 'press: unknown option "fro": did you mean "for"? (it takes for, wiredTo)'],
      ];
      for (const [call, message] of mistakes) await assert.rejects(call(), { name: 'UserError', message });
      assert.equal(bench.level(13), 0, 'the send refused was not sent');
    } finally {
      await bench.stop();
    }
  });

  it('repeats every random choice with the same seed: the same pin history twice', async () => {
    const run = async (seed: number) => {
      const bench = await testCircuit({ ticks: 4, delay: '1s', seed });
      try {
        await bench.until(bench.done);
        return bench.history.changes.filter((change) => change.kind !== 'input').map(({ at, pin, kind, value }) => `${at} ${pin} ${kind} ${value}`);
      } finally {
        await bench.stop();
      }
    };
    const first = await run(7);
    assert.deepEqual(await run(7), first);
    assert.notDeepEqual(await run(8), first);
  });

  it('runs blink on the simulated Uno in the MCU time: 10 s of it pass, the LED lit at its MCU time', async () => {
    const bench = await testSketch('examples/blink.ts', { board: 'sim' });
    try {
      assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
      const lit = bench.history.of(13, 'digital').at(-1)!;
      assert.deepEqual({ value: lit.value, source: lit.source }, { value: 1, source: 'mcu' });
      const from = bench.now();
      await bench.delay('10s');
      assert.ok(bench.now() - from >= 10_000, `10 s of MCU time passed (${bench.now() - from} ms)`);
      assert.equal(await bench.send('/desk', 'off'), 'led off (asked on /desk)');
      await bench.waitPin(13, 0, { timeout: '1s' });
      assert.ok(bench.history.of(13, 'digital').at(-1)!.at >= lit.at + 10_000);
    } finally {
      await bench.stop();
    }
  });

  it('a send the bench stopped before its reply (not awaited) rejects saying so, not with the socket\'s ECONNRESET', async () => {
    const bench = await testSketch('examples/blink.ts');
    const sent = bench.send('/desk', '?').then(
      () => 'replied',
      (error: Error) => error.message,
    );
    await bench.stop();
    assert.equal(await sent, 'the bench stopped before the reply to "?" on /desk: was send() awaited?');
    const silent = await testSketch('test/fixtures/scenarios/silent.ts');
    const waiting = silent.send('/', 'anyone?').then(
      () => 'replied',
      (error: Error) => error.message,
    );
    await silent.delay('10ms');
    await silent.stop();
    assert.equal(await waiting, 'the bench stopped before the reply to "anyone?" on /: was send() awaited?');
  });
});
