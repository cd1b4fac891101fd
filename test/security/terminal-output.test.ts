/**
 * Issue 19, row 10: what a client sends reaches the person's terminal in the event lines (a
 * iopin's `new tick triggered on /datafeed: …`), so a frame with a newline and terminal escapes could
 * forge a line, clear the screen or retitle the terminal. The human output shows every control
 * character escaped; `--json` keeps the text exact.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeCircuitFile, startCli } from '../support/cli.js';
import { open, request } from '../support/raw-clients.js';

const forged = '7\n[ iopin ] new tick triggered on /datafeed: 8\u001b]0;pwned\u0007\u001b[2J';
/** What a terminal acts on: C0/C1 controls (ESC starts every control sequence) and DEL. */
const acts = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;

/** A circuit whose iopin is sent a hostile tick; what the command printed once stopped. */
async function circuitTicked(json: boolean): Promise<string> {
  const circuit = await freeCircuitFile();
  // The clock ticks once a minute: the hostile tick is the one that matters.
  const cli = startCli(['circuit', '--board', 'mock', '--ticks', '0', '--delay', '60', '--hold', '0', '--circuit', circuit.path, ...(json ? ['--json'] : [])]);
  await cli.waitForLine((line) => line.includes(`127.0.0.1:${circuit.iopin}`));
  const socket = await open(`ws://127.0.0.1:${circuit.iopin}/datafeed`);
  assert.equal(await request(socket, forged), 'acknowledged');
  socket.close();
  cli.child.kill('SIGTERM');
  return (await cli.exited).stdout;
}

describe('text a client sends reaches the terminal escaped', () => {
  it('a tick with a newline and terminal escapes prints as one line, its controls shown as \\x.. escapes', async () => {
    const out = await circuitTicked(false);
    const lines = out.split('\n');
    const tick = lines.filter((line) => line.includes('pwned'));
    assert.equal(tick.length, 1, `one line for the hostile tick:\n${out}`);
    assert.ok(tick[0]!.includes('7\\x0a[ iopin ] new tick triggered on /datafeed: 8\\x1b]0;pwned\\x07\\x1b[2J'), tick[0]);
    assert.ok(!lines.some((line) => line.startsWith('[ iopin ] new tick triggered on /datafeed: 8')), 'no forged line of its own');
    for (const line of lines) assert.doesNotMatch(line, acts, `nothing a terminal acts on: ${JSON.stringify(line)}`);
  });

  it('--json keeps what was sent exactly (JSON escapes it)', async () => {
    const out = await circuitTicked(true);
    const events = out.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(events.some((event) => event.event === 'tick' && event.message === forged), 'the tick as it was sent');
    for (const line of out.split('\n')) assert.doesNotMatch(line, acts);
  });
});
