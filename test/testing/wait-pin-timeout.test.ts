/**
 * A wait for a pin that runs out says when, in the run's time (virtual ms from 0 on the mock board,
 * the MCU's since power-on on the simulated Uno): the time it waited from and to, its limit, and the
 * level the pin stayed at and since when, so a failing test shows how far its run got. The same in
 * a scenario's wait-pin step. So does a wait for a reply (send) or for a promise (until).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchTimeout, parseScenario, PinWaitTimeout, runScenario, testSketch } from '../../src/testing/index.js';

const Silent = 'test/fixtures/scenarios/silent.ts';

describe('a wait for a pin that runs out', () => {
  it('says the run time it waited from and to, and what the pin showed', async () => {
    const bench = await testSketch('examples/blink.ts');
    try {
      await bench.delay('3s');
      await bench.send('/desk', 'on');
      const rejected = await bench.waitPin(13, 0, { timeout: '2s' }).catch((error: unknown) => error);
      assert.ok(rejected instanceof PinWaitTimeout && rejected instanceof BenchTimeout, String(rejected));
      // Its own name, as node:test and a stack print it (name: 'PinWaitTimeout'), not its parent's.
      assert.equal(rejected.name, 'PinWaitTimeout');
      assert.match(String(rejected.stack), /^PinWaitTimeout: pin 13 did not become 0/);
      assert.equal(rejected.message, "pin 13 did not become 0 within 2 s: it stayed 1 from 3 s to 5 s of the run's time");
      assert.deepEqual(rejected.wait, { pin: 13, value: 0, within: 2000, from: 3000, at: 5000, stayed: 1, since: 3000 });
      assert.equal(rejected.at, 5000);
    } finally {
      await bench.stop();
    }
  });

  it('on a pin never driven, says so', async () => {
    const bench = await testSketch('examples/blink.ts');
    try {
      await assert.rejects(bench.waitPin(13, 1, { timeout: '500ms' }), {
        message: "pin 13 did not become 1 within 500 ms: it stayed 0 from 0 ms to 500 ms of the run's time, never driven",
      });
    } finally {
      await bench.stop();
    }
  });

  it("in a scenario file: the wait-pin step's failure says the same", async () => {
    const scenario = parseScenario(
      'name: the LED stays lit\nsketch: ../../examples/blink.ts\nsteps:\n  - delay: 3s\n  - send: { channel: /desk, message: "on" }\n  - wait-pin: { pin: 13, value: 0, timeout: 2s }\n',
      'test/testing/stays-lit.test.yaml',
    );
    const failed = (await runScenario(scenario)).steps.find((step) => !step.ok);
    assert.deepEqual(
      { number: failed?.number, at: failed?.at, expected: failed?.expected, happened: failed?.happened },
      { number: 3, at: 5000, expected: 'pin 13 to become 0 within 2 s', happened: 'it stayed 1 since 3 s' },
    );
  });

  it("on the simulated Uno: in the MCU's time since power-on, its boot included", async () => {
    const bench = await testSketch('examples/blink.ts', { board: 'sim' });
    try {
      await bench.send('/desk', 'on');
      const lit = bench.history.of(13, 'digital').at(-1)!.at;
      const from = bench.now();
      const rejected = await bench.waitPin(13, 0, { timeout: '1s' }).catch((error: unknown) => error);
      assert.ok(rejected instanceof PinWaitTimeout, String(rejected));
      assert.equal(rejected.wait.from, from);
      assert.ok(from > 1_000 && rejected.wait.at >= from + 1_000, `waited from ${from} to ${rejected.wait.at}`);
      assert.equal(rejected.wait.since, lit);
      assert.match(rejected.message, /^pin 13 did not become 0 within 1 s: it stayed 1 from [\d.]+ m?s to [\d.]+ m?s of the run's time(, as it had been since [\d.]+ m?s)?$/);
    } finally {
      await bench.stop();
    }
  });
});

describe('a wait for a reply, or for a promise, that runs out', () => {
  it("send() says the run time it waited from and to", async () => {
    const bench = await testSketch(Silent);
    try {
      await bench.delay('3s');
      const rejected = await bench.send('/', 'hello?', { timeout: '2s' }).catch((error: unknown) => error);
      assert.ok(rejected instanceof BenchTimeout, String(rejected));
      assert.equal(rejected.message, `no reply to "hello?" on / within 2 s: it waited from 3 s to 5 s of the run's time`);
      assert.equal(rejected.at, 5000);
    } finally {
      await bench.stop();
    }
  });

  it('until() says the same', async () => {
    const bench = await testSketch(Silent);
    try {
      await bench.delay('1s');
      await assert.rejects(bench.until(new Promise(() => {}), '500ms'), {
        name: 'BenchTimeout',
        message: "still waiting after 500 ms: it waited from 1 s to 1.5 s of the run's time",
      });
    } finally {
      await bench.stop();
    }
  });

  it("in a scenario file: the send step's failure says the run's time once, beside the step", async () => {
    const scenario = parseScenario(
      'name: an answer\nsketch: ../fixtures/scenarios/silent.ts\nsteps:\n  - delay: 3s\n  - send: { channel: /, message: "hello?", timeout: 2s }\n',
      'test/testing/answer.test.yaml',
    );
    const failed = (await runScenario(scenario)).steps.find((step) => !step.ok);
    assert.deepEqual(
      { number: failed?.number, at: failed?.at, happened: failed?.happened },
      { number: 2, at: 5000, happened: 'no reply to "hello?" on / within 2 s' },
    );
  });
});
