/**
 * A sketch without `static options` takes its options unchecked: `pinmesh run -o ringMS=200` says
 * so, and so does a test starting it with `{ options: { ringMS: 200 } }`, once, as a process warning
 * naming the test's line (PINMESH_UNCHECKED_OPTIONS); it was kept in `bench.events` only, and the
 * test passed, testing the default. A scenario says it under its own line instead (scenario-cli).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseScenario, runScenario, testCircuit, testSketch } from '../../src/testing/index.js';

const doorbell = 'test/fixtures/scenarios/doorbell.ts'; // declares no static options
const unchecked = 'options passed to doorbell unchecked: ringMS=200; its sketch declares no static options (a zod schema checks them before the board opens: docs/sketches.md)';

describe('options a sketch takes unchecked, in a test', () => {
  const warnings: Array<Error & { code?: string }> = [];
  const listener = (warning: Error) => warnings.push(warning);
  before(() => process.on('warning', listener));
  after(() => process.off('warning', listener));

  /** The warnings emitted while `run` ran, once Node has delivered them (on the next turn). */
  async function warnedDuring(run: () => Promise<void>): Promise<Array<Error & { code?: string }>> {
    warnings.length = 0;
    await run();
    await new Promise((resolve) => setImmediate(resolve));
    return [...warnings];
  }

  it('testSketch warns once, naming the line of the test that started the bench', async () => {
    const warned = await warnedDuring(async () => {
      const bench = await testSketch(doorbell, { options: { ringMS: 200 } });
      await bench.delay('10ms');
      await bench.stop();
    });
    assert.equal(warned.length, 1, warned.map(String).join('\n'));
    const [warning] = warned;
    assert.equal(warning?.code, 'PINMESH_UNCHECKED_OPTIONS');
    assert.match(warning?.message ?? '', new RegExp(`^${unchecked.replace(/[().]/g, '\\$&')} \\(testSketch\\(\\) at \\S*unchecked-options\\.test\\.[jt]s:\\d+\\)$`));
  });

  it('testCircuit warns for each of its sketches that takes them', async () => {
    const circuit = {
      nodes: {
        doorbell: { host: '127.0.0.1', port: 9, sketch: doorbell, options: { ringMS: 200 } },
        clock: { sketch: 'clock', options: { target: 'doorbell', channel: '/' } },
      },
    };
    const warned = await warnedDuring(async () => {
      const bench = await testCircuit({ circuit, ticks: 1 });
      await bench.stop();
    });
    assert.deepEqual(warned.map(({ code }) => code), ['PINMESH_UNCHECKED_OPTIONS']);
    assert.ok(warned[0]?.message.startsWith(unchecked), warned[0]?.message);
  });

  it('says nothing of options a sketch checks, nor of none', async () => {
    const warned = await warnedDuring(async () => {
      await (await testSketch('iopin', { options: { hold: 0 } })).stop();
      await (await testSketch(doorbell)).stop();
    });
    assert.deepEqual(warned, []);
  });

  it('a scenario says it under its own line, not as a process warning too', async () => {
    let result: Awaited<ReturnType<typeof runScenario>> | undefined;
    const warned = await warnedDuring(async () => {
      result = await runScenario(parseScenario(`name: rings\nsketch: fixtures/scenarios/doorbell.ts\noptions: { ringMS: 200 }\nsteps:\n  - delay: 10ms\n`, 'test/rings.test.yaml'));
    });
    assert.deepEqual(result?.warnings, [unchecked]);
    assert.deepEqual(warned, []);
  });
});
