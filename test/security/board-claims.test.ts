import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { CLIENT_SHARE_OF_PINS } from '../../src/board-node/board-hub.js';
import { MockBoard } from '../../src/boards/mock-board.js';
import { PROTOCOL_VERSION } from '../../src/boards/remote/protocol.js';
import { TestBoardNode } from '../support/board-node.js';
import { open } from '../support/raw-clients.js';

/** A raw client of the board node, speaking the protocol by hand: each request and its reply. */
async function client(node: TestBoardNode, name: string): Promise<{ socket: WebSocket; ask(body: Record<string, unknown>): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }> }> {
  const socket = await open(node.url);
  let id = 0;
  // Events (what the board observed) come between the replies: a reply is the frame with the request's id.
  const ask = (body: Record<string, unknown>) =>
    new Promise<any>((resolve) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const frame = JSON.parse(data.toString());
        if (frame.id !== mine) return;
        socket.off('message', onMessage);
        resolve(frame);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: mine, ...body }));
    });
  assert.equal((await ask({ op: 'hello', client: name, protocol: PROTOCOL_VERSION })).ok, true);
  return { socket, ask };
}

describe('the board node: a failed write gives its pin back, and no client can claim every pin', () => {
  let node: TestBoardNode;
  before(async () => (node = await new TestBoardNode(new MockBoard()).start()));
  after(() => node.stop());

  it('a write that fails (pin 2 of an Uno has no PWM) does not keep pin 2 from another client', async () => {
    const a = await client(node, 'a');
    const b = await client(node, 'b');
    try {
      const failed = await a.ask({ op: 'pwmWrite', pin: 2, duty: 128 });
      assert.equal(failed.ok, false);
      const other = await b.ask({ op: 'digitalWrite', pin: 2, value: 1 });
      assert.deepEqual(other, { id: 2, ok: true }, JSON.stringify(other));
      assert.equal((await b.ask({ op: 'digitalWrite', pin: 2, value: 0 })).ok, true);
    } finally {
      a.socket.close();
      b.socket.close();
    }
  });

  it(`one client may hold ${CLIENT_SHARE_OF_PINS * 100}% of the Uno's 20 pins; the next claim is refused saying why, and another client still finds pins`, async () => {
    const greedy = await client(node, 'greedy');
    const other = await client(node, 'other');
    try {
      const replies = [];
      for (let pin = 0; pin < 20; pin++) replies.push(await greedy.ask({ op: 'claim', pin, mode: 'digital-out', use: 'led', node: 'hog' }));
      assert.equal(replies.filter((reply) => reply.ok).length, 10);
      const refused = replies.find((reply) => !reply.ok)!;
      assert.equal(refused.error!.kind, 'taken');
      assert.match(refused.error!.message, /^pin 10 refused: hog \(greedy at 127\.0\.0\.1\) already holds 10 pins, as many as one client may on this board node \(half its pins, so the others always find some\)/);
      assert.equal((await greedy.ask({ op: 'digitalWrite', pin: 12, value: 1 })).ok, false, 'a write claims too: refused past the cap');
      assert.equal((await greedy.ask({ op: 'digitalWrite', pin: 3, value: 1 })).ok, true, 'its own pins it keeps using');
      assert.equal((await other.ask({ op: 'claim', pin: 15, mode: 'digital-out', use: 'led', node: 'buzzer' })).ok, true);
    } finally {
      greedy.socket.close();
      other.socket.close();
    }
  });
});
