import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertErrorReply } from '../support/error-replies.js';
import { ArticleClient } from '../support/ws-client.js';
import { freePort, runCli, startCli, type CliProcess } from '../support/cli.js';

const isEvent = (node: string, event: string, test: (e: Record<string, unknown>) => boolean = () => true) => (e: Record<string, unknown>) =>
  e.node === node && e.event === event && test(e);

/**
 * The article's terminals on one simulated Uno, each a process of its own: `pinmesh board` owns
 * the board, the buzzer and the iopin drive it with --board ws://…, the clock ticks the iopin.
 */
describe('one simulated Uno, several processes (pinmesh board + buzzer + iopin + clock)', () => {
  let board: CliProcess;
  let buzzer: CliProcess;
  let iopin: CliProcess;
  let boardUrl: string;
  let circuit: string;
  const started: CliProcess[] = [];
  const start = (args: string[]) => {
    const cli = startCli(args);
    started.push(cli);
    return cli;
  };

  before(async () => {
    const boardPort = await freePort();
    boardUrl = `ws://127.0.0.1:${boardPort}`;
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-shared-'));
    circuit = join(dir, 'circuit.json');
    await writeFile(circuit, JSON.stringify({ nodes: { iopin: { host: '127.0.0.1', port: await freePort() }, buzzer: { host: '127.0.0.1', port: await freePort() } } }));
    board = start(['board', '--board', 'sim', '--port', String(boardPort), '--json']);
    await board.waitForEvent(isEvent('board', 'listening'));
    buzzer = start(['buzzer', '--board', boardUrl, '--circuit', circuit, '--json']);
    await buzzer.waitForEvent(isEvent('buzzer', 'listening'));
    iopin = start(['iopin', '--board', boardUrl, '--circuit', circuit, '--chance', '0', '--hold', '0', '--json']);
    await iopin.waitForEvent(isEvent('iopin', 'listening'));
  });
  after(async () => {
    for (const cli of started) if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGINT');
    await Promise.all(started.map((cli) => cli.exited));
  });

  it('the clock is acknowledged for every tick; the pin and piezo events are the MCU’s, seen by the nodes and by the board', async () => {
    const clock = await runCli(['clock', '--circuit', circuit, '--ticks', '3', '--delay', '0', '--json']);
    assert.equal(clock.code, 0, clock.stderr);
    const acks = clock.stdout.split('\n').map((line) => JSON.parse(line)).filter(isEvent('clock', 'ack'));
    assert.deepEqual(acks.map((e) => e.reply), ['acknowledged', 'acknowledged', 'acknowledged']);

    // Event lines are written off the hot path: wait for the third tick's reply (after its bits' pin events), without timing.
    await iopin.waitForLine(() => iopin.events().filter(isEvent('iopin', 'replied')).length >= 3);
    const pins = iopin.events().filter(isEvent('iopin', 'pin'));
    assert.deepEqual(
      pins.map((e) => [e.pin, e.value, e.source]),
      [[13, 1, 'mcu']],
      'nine bits of 1 (--chance 0) are one change: pin 13 HIGH, read on the MCU',
    );
    const buzz = await buzzer.waitForEvent(isEvent('buzzer', 'buzz', (e) => e.on === true));
    assert.deepEqual([buzz.pin, buzz.source], [3, 'mcu']);
    await board.waitForEvent(isEvent('board', 'pin', (e) => e.pin === 13 && e.value === 1 && e.source === 'mcu'));
  });

  it('an iopin killed with SIGKILL has its LED driven LOW on the MCU and its pin freed for the next one', async () => {
    const seen = board.lines.length;
    iopin.child.kill('SIGKILL');
    await iopin.exited;
    const low = await board.waitForLine((line) => board.lines.indexOf(line) >= seen && isEvent('board', 'pin', (e) => e.pin === 13 && e.value === 0 && e.source === 'mcu')(JSON.parse(line)));
    assert.ok(low);
    await board.waitForEvent(isEvent('board', 'log', (e) => /went away: pin 13 made safe and free again$/.test(String(e.text))));

    iopin = start(['iopin', '--board', boardUrl, '--circuit', circuit, '--chance', '0', '--hold', '0', '--json']);
    await iopin.waitForEvent(isEvent('iopin', 'listening'));
    const clock = await runCli(['clock', '--circuit', circuit, '--ticks', '1', '--delay', '0', '--json']);
    assert.equal(clock.code, 0, clock.stderr);
    await iopin.waitForEvent(isEvent('iopin', 'pin', (e) => e.pin === 13 && e.value === 1 && e.source === 'mcu'));
  });

  it('a second iopin wanting the same pin is refused, naming the node that has it; its ticks get an error, never an ack', async () => {
    const port = await freePort();
    const second = start(['iopin', '--board', boardUrl, '--circuit', circuit, '--port', String(port), '--hold', '0', '--json']);
    const warning = await second.waitForEvent(isEvent('board', 'warning'));
    assert.match(String(warning.warning), /^pin 13 is taken by iopin \(pinmesh pid \d+ at 127\.0\.0\.1\) as led \(digital-out\); iopin \(pinmesh pid \d+ at 127\.0\.0\.1\) cannot use it/);
    await second.waitForEvent(isEvent('iopin', 'listening'));
    const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/datafeed`);
    assertErrorReply(await client.request('0'), /^pin 13 is taken by iopin/);
    await client.close();
  });

  it('the board process’s own exit makes every output safe', async () => {
    board.child.kill('SIGINT');
    const result = await board.exited;
    assert.equal(result.code, 130);
    const events = board.events();
    assert.ok(events.some(isEvent('board', 'closed')), 'the board was released');
    const last13 = events.filter(isEvent('board', 'pin', (e) => e.pin === 13)).at(-1);
    assert.deepEqual([last13?.value, last13?.source], [0, 'mcu']);
    const lastBuzz = events.filter(isEvent('board', 'buzz', (e) => e.pin === 3)).at(-1);
    assert.equal(lastBuzz?.on, false, 'the piezo is silent');
  });
});
