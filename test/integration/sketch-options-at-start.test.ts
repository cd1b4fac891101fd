import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { freePort, hasNoStackTrace, runCli, startCli } from '../support/cli.js';

/** Issue 18, item 7: a sketch's options are checked at start, or said at start to be unchecked. */
async function checkedBlink(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pinmesh-options-'));
  const path = join(dir, 'checked-blink.mjs');
  await writeFile(
    path,
    `import { z } from '${pathToFileURL(join(process.cwd(), 'node_modules/zod/index.js')).href}';
     import { Sketch, pinOption } from '${pathToFileURL(join(process.cwd(), 'dist/lib/index.js')).href}';
     export default class CheckedBlink extends Sketch {
       static options = z.object({ pin: pinOption('digital-out', 13, "the LED's pin") }).strict();
       setup(options) { this.led = this.board.digitalOutput(options.pin); }
       async loop() { await this.led.write(1); return 'on'; }
     }`,
  );
  return path;
}

const events = (stdout: string) => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe("a sketch's options, at start", () => {
  for (const [given, said] of [
    ['pin=abc', /bad option for checked-blink: pin: expected a number, got "abc"/],
    ['pin=200', /bad option for checked-blink: pin: .*(too big|<=127|at most)/i],
    ['pin=3', undefined],
  ] as const) {
    it(`a sketch with static options: -o ${given} is checked before the board opens`, async () => {
      const sketch = await checkedBlink();
      if (said === undefined) {
        // A good pin passes (the same run as the bad ones, so the refusals are the options').
        const cli = startCli(['run', sketch, '--board', 'sim', '--port', String(await freePort()), '--json', '-o', given]);
        await cli.waitForEvent((e) => e.event === 'listening');
        cli.child.kill('SIGINT');
        await cli.exited;
        return;
      }
      const result = await runCli(['run', sketch, '--board', 'sim', '--port', String(await freePort()), '--json', '-o', given]);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, said);
      assert.ok(hasNoStackTrace(result.stderr));
      assert.deepEqual(events(result.stdout).filter((e) => ['connecting', 'board', 'online', 'listening'].includes(String(e.event))), [], 'no board was opened');
    });
  }

  it("a sketch with static options: -o pin=99 (a pin number no Uno has) is refused against the board's own capability report once it answered, before the node listens", async () => {
    const sketch = await checkedBlink();
    const result = await runCli(['run', sketch, '--board', 'sim', '--port', String(await freePort()), '--json', '-o', 'pin=99']);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /^pinmesh: bad option for checked-blink: pin: pin 99 cannot be used as digital-out on this board \(capability report of the board on simulated ATmega328P\): choose 2, 3, .* or 19$/m);
    assert.ok(hasNoStackTrace(result.stderr));
    assert.deepEqual(events(result.stdout).filter((e) => e.event === 'listening'), [], 'the node never listened');
  });

  it('a sketch without static options: says at start which options it passes unchecked, and its attach is checked against the board', async () => {
    const result = await runCli(['run', 'examples/blink.ts', '--board', 'mock', '--port', String(await freePort()), '--json', '-o', 'pin=abc']);
    const lines = events(result.stdout);
    const warning = lines.find((e) => e.event === 'warning' && e.code === 'unchecked-options');
    assert.match(String(warning?.warning), /options passed to blink unchecked: pin="abc"; its sketch declares no static options/);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /failed in setup\(\) .*: pin abc cannot be used as digital-out on this board \(the mock board's Uno pins\)/);
    assert.ok(hasNoStackTrace(result.stderr));
  });
});
