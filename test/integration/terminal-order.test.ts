/**
 * What a terminal shows: pinmesh's own lines on stderr (an error, the live view's sign-in link) in
 * their place among the event lines on stdout, which are gathered and written asynchronously. An
 * error used to show before the board's lines that came before it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freeCircuitFile, freePort, runCli, startCliOnOneStream } from '../support/cli.js';

/** The place of the first line that matches each pattern, failing with every line when one is missing. */
function placesOf(lines: readonly string[], ...patterns: RegExp[]): number[] {
  return patterns.map((pattern) => {
    const place = lines.findIndex((line) => pattern.test(line));
    assert.ok(place >= 0, `no line matches ${pattern}:\n${lines.join('\n')}`);
    return place;
  });
}

describe("pinmesh's lines on stderr, in their place among the event lines", () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pinmesh-terminal-order-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it('an error thrown right after a write shows after that write’s line, and before the fail-safe’s lines', async () => {
    const cli = startCliOnOneStream(['run', 'test/fixtures/throws-after-a-write.ts', '--board', 'mock', '--port', String(await freePort())]);
    const { code } = await cli.exited;
    assert.equal(code, 1);
    const [wrote, failed, released] = placesOf(cli.lines, /pin 13 → HIGH/, /^pinmesh: your sketch .* failed while running .*: sketch bug thrown right after a write/, /outputs driven LOW/);
    assert.ok(wrote! < failed! && failed! < released!, `in this order: the write, the error, the fail-safe:\n${cli.lines.join('\n')}`);
  });

  it('the live view’s one-time sign-in link shows after the view line that points to it', async () => {
    const tokenFile = join(folder, 'mesh.token');
    assert.equal((await runCli(['token', tokenFile])).code, 0);
    const circuit = await freeCircuitFile();
    const cli = startCliOnOneStream(['circuit', '--board', 'mock', '--ticks', '1', '--delay', '0', '--view', '--view-port', '0', '--token-file', tokenFile, '--circuit', circuit.path]);
    await cli.waitForLine((line) => line.startsWith('pinmesh: sign in to the live view'));
    cli.child.kill('SIGINT');
    await cli.exited;
    const [view, signIn] = placesOf(cli.lines, /\[ view \] live view on .* \(sign in with the one-time link printed on stderr/, /^pinmesh: sign in to the live view with /);
    assert.ok(view! < signIn!, `the view line, then the link:\n${cli.lines.join('\n')}`);
  });
});
