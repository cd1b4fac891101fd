import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { freePort } from '../support/cli.js';
import { hostileInputs, wellBehaved, type Target } from '../support/hostile-inputs.js';
import { NodeUnderTest, type Memory } from '../support/node-under-test.js';
import { open, request } from '../support/raw-clients.js';

const token = 'hostile-suite-token-0123456789abcdef';

/** What each offender must get: the specification of the node under hostile input. */
const expected: Record<string, RegExp> = {
  'binary frame': /^reply "error: binary frames are not understood; send text"$/,
  '2 MB frame': /^close 1009/,
  'invalid UTF-8 in a text frame': /^close 1007/,
  'empty frame': /^reply "error: expected 0 or 1, got \\"\\""$/,
  // Not copied back whole: the reply quotes the start of it, and so does the node's error line (below).
  '60 KB frame that is no bit': /^71 characters: "error: expected 0 or 1, got \\"2{40}…\\""$/,
  '10,000 pipelined frames': /^(\d+ replies, then close 1008 "more than 256 frames waiting for replies; wait for each reply"|10000 replies, then all replied)$/,
  'a client that never reads': /^read from until its replies backed up: sent \d+ × 1 KB frames/,
  // The steady client holds one of 127.0.0.1's 32 slots.
  '1,000 connections': /^3[12] served, 96[89] close 1013 "buzzer already has 32 clients connected from 127\.0\.0\.1; close one, or try again later"$/,
  'odd paths (/../.., %00, 8 KB)': /^\/\.\.\/\.\.: 101 Switching Protocols; \/%00: \.\.\.; 8 KB path: \.\.\.$/,
  'plain HTTP request': /^HTTP 426$/,
  'garbage bytes on the port': /^HTTP\/1\.1 400 Bad Request$/,
  'evil Origin': /^HTTP 403$/,
  'wrong token': /^HTTP 401$/,
  'no token': /^HTTP 401$/,
  'reset mid-frame': /^101 Switching Protocols, then its own reset$/,
};

/** Generous: the node must give back what an offence took, not hold on to it. */
const allowedGrowth = 6 * 1024 * 1024;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

describe('hostile input: a real `pinmesh buzzer` (token set) holds, serves the others, and gives memory back', () => {
  let node: NodeUnderTest;
  let target: Target;
  let steady: WebSocket;
  let baseline: Memory;

  before(async () => {
    const port = await freePort();
    node = await NodeUnderTest.start(['buzzer', '--board', 'mock', '--json', '--port', String(port)], { PINMESH_TOKEN: token });
    await node.cli.waitForEvent((e) => e.event === 'listening');
    target = { port, token, measure: () => node.memory() };
    // A well-behaved client connected all along: it must never notice the offenders.
    steady = await open(`ws://127.0.0.1:${port}/iopin`, { headers: { Authorization: `Bearer ${token}` } });
    assert.deepEqual(await wellBehaved(target), ['buzz buzz buzz', '...']);
    baseline = await node.memory();
  });
  after(async () => {
    steady?.close();
    await node?.stop();
  });

  for (const input of hostileInputs) {
    it(input.name, async () => {
      const before = await node.memory();
      const offence = await input.run(target);
      assert.match(offence.got, expected[input.name]!, `${input.name} got: ${offence.got}`);
      assert.deepEqual(await wellBehaved(target), ['buzz buzz buzz', '...'], 'a fresh client is served');
      assert.equal(await request(steady, '0'), '...', 'the client connected all along is served');
      await node.serving(1); // Every offender's connection is gone, as the node itself reports.
      const after = await node.memory();
      const peak = offence.peak ? `, at worst ${mb(offence.peak.heap)}` : '';
      process.stdout.write(`# ${input.name}: ${offence.got} | heap ${mb(before.heap)} → ${mb(after.heap)}${peak}\n`);
      assert.ok(after.heap - before.heap < allowedGrowth, `heap grew from ${mb(before.heap)} to ${mb(after.heap)}`);
    });
  }

  it('printed no line of more than 1,000 characters, whatever it was sent (a 60 KB frame, an 8 KB path)', () => {
    const longest = node.cli.lines.reduce((most, line) => (line.length > most.length ? line : most), '');
    assert.ok(longest.length < 1_000, `a line of ${longest.length} characters: ${longest.slice(0, 200)}…`);
  });

  it('after all of it, the heap is back near where it started', async () => {
    const end = await node.memory();
    assert.ok(end.heap - baseline.heap < allowedGrowth, `heap ${mb(baseline.heap)} at start, ${mb(end.heap)} at the end`);
  });
});
