/**
 * A board that fails to come up leaves nothing waiting: `pinmesh probe` against a board that turned
 * it away printed why, then stayed 16 s (johnny-five's connect timeout and firmata-io's version
 * request were still set). Counted in a process of its own: the timers alive once the failure is in.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

const firmataLink = pathToFileURL(resolve('dist-test/src/boards/firmata/firmata-link.js')).href;

/** Brings a board up on a transport that closes before it answers, then prints the timers still set after the failure. */
function timersLeftAfterAClose(): Promise<{ outcome: string; timers: number }> {
  const script = `
    import { EventEmitter } from 'node:events';
    import { bringUp } from ${JSON.stringify(firmataLink)};
    class Transport extends EventEmitter {
      description = 'a board that does not answer';
      isOpen = true;
      write() { return true; }
      async flush() {}
      async close() { this.isOpen = false; this.emit('close'); }
    }
    const transport = new Transport();
    setTimeout(() => transport.close(), 20);
    const outcome = await bringUp(transport, 30_000, Date.now()).then(() => 'ready', (error) => error.message);
    await transport.close();
    await new Promise((done) => setImmediate(done));
    const timers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    console.log(JSON.stringify({ outcome, timers }));
    process.exit(0);
  `;
  return promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 }).then(({ stdout }) => JSON.parse(stdout));
}

describe('a Firmata board that never comes up', () => {
  it('closed before it answered: the failure leaves no timer behind (the command ends at once)', async () => {
    assert.deepEqual(await timersLeftAfterAClose(), { outcome: 'the connection closed before the board answered', timers: 0 });
  });
});
