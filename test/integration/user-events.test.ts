import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isErrorReply } from '../../src/runtime/error-reply.js';
import type { ViewState } from '../../src/view/shared/view-state.js';
import { freePort, startCli, type CliProcess } from '../support/cli.js';
import { ArticleClient } from '../support/ws-client.js';

const SKETCH = 'test/fixtures/desk-lamp.ts';

/** Starts `pinmesh run` on the desk lamp, and says on, off, then something it cannot do. */
async function runLamp(args: string[]): Promise<{ cli: CliProcess; port: number; replies: string[] }> {
  const port = await freePort();
  const cli = startCli(['run', SKETCH, '--port', String(port), ...args]);
  await cli.waitForLine((line) => line.includes('serving on'));
  const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/desk`);
  const replies = [await client.request('on'), await client.request('off'), await client.request('dim')];
  await client.close();
  return { cli, port, replies };
}

async function stop(cli: CliProcess): Promise<void> {
  cli.child.kill('SIGINT');
  assert.equal((await cli.exited).code, 130);
}

/** The live view's feed as a page reads it: its messages, one at a time. */
async function openFeed(url: string): Promise<{ next(): Promise<Record<string, any>>; close(): Promise<void> }> {
  const feed = await fetch(`${url}feed`);
  const reader = feed.body!.getReader();
  let text = '';
  return {
    async next() {
      for (;;) {
        const data = text.indexOf('data: ');
        const end = data === -1 ? -1 : text.indexOf('\n\n', data);
        if (end !== -1) {
          const message = JSON.parse(text.slice(data + 6, end));
          text = text.slice(end + 2);
          return message;
        }
        text += new TextDecoder().decode((await reader.read()).value);
      }
    },
    close: () => reader.cancel(),
  };
}

describe("a sketch's own events (declared by declaration merging, lines given to defineEvents)", () => {
  it('reach --json with exactly their fields, and every frame the node answered is a replied event', async () => {
    const { cli, replies } = await runLamp(['--json']);
    assert.deepEqual(replies.slice(0, 2), ['lit', 'dark']);
    assert.ok(isErrorReply(replies[2]!));
    await stop(cli);
    const events = cli.events().filter((e) => e.node === 'desk-lamp');
    const lamps = events.filter((e) => e.event === 'lamp').map(({ time, ...rest }) => {
      assert.ok(!Number.isNaN(Date.parse(String(time))));
      return rest;
    });
    assert.deepEqual(lamps, [
      { node: 'desk-lamp', event: 'lamp', text: 'lamp on pin 13 lit (asked: on)', pin: 13, on: true, asked: 'on' },
      { node: 'desk-lamp', event: 'lamp', text: 'lamp on pin 13 dark (asked: off)', pin: 13, on: false, asked: 'off' },
    ]);
    const replied = events.filter((e) => e.event === 'replied').map(({ time: _time, ...rest }) => rest);
    assert.deepEqual(replied, [
      { node: 'desk-lamp', event: 'replied', channel: '/desk', ok: true },
      { node: 'desk-lamp', event: 'replied', channel: '/desk', ok: true },
      { node: 'desk-lamp', event: 'replied', channel: '/desk', ok: false },
    ]);
  });

  it('print their own line in the human output, which says nothing of replied', async () => {
    const { cli } = await runLamp([]);
    await stop(cli);
    const lines = cli.lines.filter((line) => line.startsWith('[ desk-lamp ]'));
    assert.ok(lines.includes('[ desk-lamp ] lamp on pin 13 lit (asked: on)'), lines.join('\n'));
    assert.ok(lines.includes('[ desk-lamp ] lamp on pin 13 dark (asked: off)'), lines.join('\n'));
    assert.ok(!lines.some((line) => /replied/.test(line)), lines.join('\n'));
  });

  it("reach the live view: it counts the node's real answers (and its error), and its feed carries the events", async () => {
    const viewPort = await freePort();
    const { cli, port } = await runLamp(['--json', '--view', '--view-port', String(viewPort)]);
    const view = await cli.waitForEvent((e) => e.event === 'view');
    const feed = await openFeed(String(view.url));
    const { state } = (await feed.next()) as { state: ViewState };
    assert.equal(state.health['desk-lamp']!.answered, 3);
    assert.equal(state.health['desk-lamp']!.errors, 1);
    assert.equal(state.pins[13]!.value, 0);

    const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/desk`);
    assert.equal(await client.request('on'), 'lit');
    await client.close();
    const said: Array<Record<string, unknown>> = [];
    while (!said.some((e) => e.event === 'replied')) {
      const message = await feed.next();
      if (message.type === 'events') said.push(...(message.events as Array<Record<string, unknown>>).filter((e) => e.node === 'desk-lamp'));
    }
    const lamp = said.find((e) => e.event === 'lamp');
    assert.deepEqual(lamp && { pin: lamp.pin, on: lamp.on, asked: lamp.asked }, { pin: 13, on: true, asked: 'on' });
    await feed.close();
    await stop(cli);
  });
});
