import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { BoardOfflineError } from '../../src/boards/board.js';
import { MockBoard } from '../../src/boards/mock-board.js';
import { PinTakenError } from '../../src/boards/remote/pin-owners.js';
import type { RemoteBoard } from '../../src/boards/remote/remote-board.js';
import { UserError } from '../../src/errors.js';
import { EventReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { Token } from '../../src/security/token.js';
import { TestBoardNode } from '../support/board-node.js';
import { closed, open, tryUpgrade } from '../support/raw-clients.js';

/** The next reply on a raw socket, skipping pushed events. */
function nextReply(socket: WebSocket): Promise<Record<string, any>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const parsed = JSON.parse(data.toString());
      if ('event' in parsed) return;
      socket.off('message', onMessage);
      resolve(parsed);
    };
    socket.on('message', onMessage);
  });
}

async function send(socket: WebSocket, frame: object | string | Buffer): Promise<Record<string, any>> {
  const reply = nextReply(socket);
  socket.send(typeof frame === 'object' && !Buffer.isBuffer(frame) ? JSON.stringify(frame) : frame);
  return reply;
}

describe('the board node: one board, several processes', () => {
  let mock: MockBoard;
  let node: TestBoardNode;
  const clients: RemoteBoard[] = [];
  const client = async (name: string) => {
    const board = node.client({ client: name });
    clients.push(board);
    await board.ready();
    return board;
  };

  before(async () => {
    mock = new MockBoard();
    node = await new TestBoardNode(mock).start();
  });
  after(async () => {
    for (const board of clients) await board.close();
    await node.stop();
    await mock.close();
  });

  describe('pin ownership', () => {
    it('a pin one client drives is refused to another, naming who has it', async () => {
      const alpha = await client('alpha');
      const beta = await client('beta');
      await alpha.digitalWrite(13, 1);
      await assert.rejects(beta.digitalWrite(13, 0), (error: Error) => {
        assert.ok(error instanceof PinTakenError, `${error.name}: ${error.message}`);
        assert.match(error.message, /^pin 13 is taken by alpha at 127\.0\.0\.1 as digital-out; beta at 127\.0\.0\.1 cannot use it: give one of them another pin/);
        return true;
      });
      assert.equal(mock.level(13), 1, 'the refused write did not reach the pin');
      await beta.pwmWrite(5, 100);
      assert.equal(mock.duty(5), 100, 'another pin is free for the other client');
    });

    it("a node's claim (a device attached in setup) reserves the pin at once, and is refused by name", async () => {
      const gamma = await client('gamma');
      const delta = await client('delta');
      const sink = memorySink();
      new NodeBoard(gamma, 'buzzer', new EventReporter([sink])).piezo(6);
      const warning = once(delta as never, 'warning');
      new NodeBoard(delta, 'iopin', new EventReporter([sink])).digitalOutput(6);
      const [message] = await warning;
      assert.match(String(message), /^pin 6 is taken by buzzer \(gamma at 127\.0\.0\.1\) as piezo \(pwm\); iopin \(delta at 127\.0\.0\.1\) cannot use it/);
      await assert.rejects(delta.digitalWrite(6, 1), PinTakenError);
      await node.event((event) => event.event === 'log' && /^refused: pin 6 is taken by buzzer/.test(String(event.text)));
    });
    it("a node's write to a pin it was refused is refused naming the node, and the refusal is said once", async () => {
      const epsilon = await client('epsilon');
      const zeta = await client('zeta');
      const sink = memorySink();
      new NodeBoard(epsilon, 'lamp', new EventReporter([sink])).digitalOutput(3);
      const warnings: string[] = [];
      zeta.on('warning', (warning: string) => warnings.push(warning));
      const blink = new NodeBoard(zeta, 'blink', new EventReporter([sink]));
      const led = blink.digitalOutput(3);
      await assert.rejects(led.write(1), (error: Error) => {
        assert.match(error.message, /^pin 3 is taken by lamp \(epsilon at 127\.0\.0\.1\) as led \(digital-out\); blink \(zeta at 127\.0\.0\.1\) cannot use it/);
        return true;
      });
      await assert.rejects(led.write(0), PinTakenError);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, /^pin 3 is taken by lamp \(epsilon at 127\.0\.0\.1\) as led \(digital-out\); blink \(zeta at 127\.0\.0\.1\) cannot use it/);
    });
  });

  describe('a client that goes away', () => {
    it('crashed (its connection cut): its outputs are made safe and its pins freed, while the others carry on', async () => {
      const survivor = await client('survivor');
      await survivor.digitalWrite(7, 1);

      const crasher = await open(node.url);
      assert.equal((await send(crasher, { id: 1, op: 'hello', client: 'crasher', protocol: 1 })).ok, true);
      for (const frame of [
        { id: 2, op: 'digitalWrite', pin: 12, value: 1 },
        { id: 3, op: 'pwmWrite', pin: 10, duty: 200 },
        { id: 4, op: 'servoWrite', pin: 11, degrees: 120 },
      ]) assert.deepEqual(await send(crasher, frame), { id: frame.id, ok: true });
      assert.deepEqual([mock.level(12), mock.duty(10), mock.angle(11)], [1, 200, 120]);

      const released = node.event((event) => event.event === 'log' && /^crasher at 127\.0\.0\.1 went away: pins 12, 10, 11 made safe and free again$/.test(String(event.text)));
      crasher.terminate(); // no closing handshake: as a process killed with SIGKILL
      await released;
      assert.deepEqual([mock.level(12), mock.duty(10), mock.angle(11)], [0, 0, undefined], 'LOW, PWM 0, servo detached');
      assert.equal(mock.level(7), 1, "the survivor's pin is untouched");

      const next = await client('next');
      await next.digitalWrite(12, 1);
      assert.equal(mock.level(12), 1, 'the freed pin is the next client’s');
    });

    it('closed: close() makes its outputs safe, confirmed, before it resolves', async () => {
      const leaving = await client('leaving');
      await leaving.digitalWrite(8, 1);
      await leaving.close();
      assert.equal(mock.level(8), 0);
      assert.equal(leaving.online, false);
      await assert.rejects(leaving.digitalWrite(8, 1), BoardOfflineError);
    });
  });

  describe('bad frames get a clear error reply, and nothing is lost', () => {
    let raw: WebSocket;
    before(async () => {
      raw = await open(node.url);
    });
    after(async () => raw.terminate());

    it('not JSON, a wrong field, an unknown operation, a binary frame: each an error reply, with the id where there was one', async () => {
      assert.deepEqual(await send(raw, 'hello?'), { id: null, ok: false, error: { kind: 'bad-request', message: 'a frame must be one JSON object, e.g. {"id":1,"op":"digitalWrite","pin":13,"value":1}' } });
      const wrongValue = await send(raw, { id: 5, op: 'digitalWrite', pin: 4, value: 2 });
      assert.equal(wrongValue.id, 5);
      assert.equal(wrongValue.error.kind, 'bad-request');
      assert.match(wrongValue.error.message, /^bad request: value: /);
      const unknown = await send(raw, { id: 6, op: 'explode' });
      assert.deepEqual([unknown.id, unknown.error.kind], [6, 'bad-request']);
      const binary = await send(raw, Buffer.from([1, 2, 3]));
      assert.deepEqual(binary, { id: null, ok: false, error: { kind: 'bad-request', message: 'binary frames are not understood; send JSON text' } });
      assert.equal(mock.level(4), 0, 'nothing reached the pin');
    });

    it('the same connection carries on: the next good request is served', async () => {
      assert.deepEqual(await send(raw, { id: 7, op: 'digitalWrite', pin: 4, value: 1 }), { id: 7, ok: true });
      assert.equal(mock.level(4), 1);
      assert.deepEqual(await send(raw, { id: 8, op: 'pwmWrite', pin: 9, duty: 300 }), { id: 8, ok: false, error: { kind: 'range', message: 'PWM duty must be an integer 0–255, got 300' } });
    });
  });

  describe('the board behind the node', () => {
    it('goes offline: every client hears it and writes are refused; it comes back for every client', async () => {
      const watcher = await client('watcher');
      const offline = once(watcher as never, 'offline');
      mock.goOffline('cable pulled');
      assert.deepEqual(await offline, ['cable pulled']);
      await assert.rejects(watcher.digitalWrite(2, 1), BoardOfflineError);
      const online = once(watcher as never, 'online');
      mock.goOnline();
      await online;
      await watcher.digitalWrite(2, 1);
      assert.equal(mock.level(2), 1);
    });
  });
});

describe('the board node is secured like every node', () => {
  const secret = 'a-board-token-that-is-long-enough-42';
  let mock: MockBoard;
  let node: TestBoardNode;

  before(async () => {
    mock = new MockBoard();
    node = await new TestBoardNode(mock, { token: new Token(secret), throttle: { freeFailures: 10, baseDelay: 1, maxDelay: 2 } }).start();
  });
  after(async () => {
    await node.stop();
    await mock.close();
  });

  it('refuses a web page it was not told to allow (403), before any frame', async () => {
    const outcome = await tryUpgrade(node.url, { headers: { Origin: 'http://evil.example', Authorization: `Bearer ${secret}` } });
    assert.equal('status' in outcome && outcome.status, 403);
  });

  it('refuses a client without the token (401), and says what to do', async () => {
    const board = node.client({ connectFor: 5_000 });
    await assert.rejects(board.ready(), (error: Error) => error instanceof UserError && /wants a token: give this process the same one/.test(error.message));
    await board.close();
  });

  it('serves a client with the token', async () => {
    const board = node.client({ headers: () => ({ Authorization: `Bearer ${secret}` }) });
    await board.ready();
    await board.digitalWrite(13, 1);
    assert.equal(mock.level(13), 1);
    await board.close();
    assert.equal(mock.level(13), 0);
  });

  it('closes a connection that leaves more requests unanswered than its limit allows (1008), like every node', async () => {
    const stuck = new StuckBoard();
    const small = await new TestBoardNode(stuck, { token: new Token(secret), limits: { maxQueued: 4 } }).start();
    const raw = await open(small.url, { headers: { Authorization: `Bearer ${secret}` } });
    for (let id = 1; id <= 5; id += 1) raw.send(JSON.stringify({ id, op: 'digitalWrite', pin: 13, value: 1 }));
    assert.equal((await closed(raw)).code, 1008);
    stuck.unstick();
    await small.stop();
    await stuck.close();
  });
});

/** A board whose digital writes wait until unstick(): requests pile up unanswered. */
class StuckBoard extends MockBoard {
  private readonly held: Array<() => void> = [];

  override async digitalWrite(pin: number, value: 0 | 1): Promise<void> {
    await new Promise<void>((resolve) => this.held.push(resolve));
    return super.digitalWrite(pin, value);
  }

  unstick(): void {
    for (const release of this.held.splice(0)) release();
  }
}
