/** Property-based tests of what arrives over a link: frames to a node, and the bytes a board sends back. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { bringUp } from '../../src/boards/firmata/firmata-link.js';
import { MockBoard } from '../../src/boards/mock-board.js';
import type { ByteTransport } from '../../src/serial/byte-transport.js';
import { circuitDirectory } from '../../src/mesh/directory.js';
import type { RunningNode } from '../../src/net/ws-server.js';
import { startNode } from '../../src/runtime/start-node.js';
import { Buzzer } from '../../src/sketches/buzzer.js';
import { fuzzParameters } from '../support/fuzz.js';
import { loopback } from '../support/mesh.js';
import { closed, open } from '../support/raw-clients.js';
import type WebSocket from 'ws';

/** Sends every frame, then collects as many replies; the node must answer each one, whatever it was. */
function exchange(socket: WebSocket, frames: Array<string | Buffer>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const replies: string[] = [];
    const onMessage = (data: WebSocket.RawData) => {
      replies.push(data.toString());
      if (replies.length === frames.length) {
        socket.off('message', onMessage);
        resolve(replies);
      }
    };
    socket.on('message', onMessage);
    socket.once('close', (code) => reject(new Error(`closed (${code}) after ${replies.length} of ${frames.length} replies`)));
    for (const frame of frames) socket.send(frame, { binary: Buffer.isBuffer(frame) });
  });
}

describe('fuzz: frames sent to a node', () => {
  let node: RunningNode;
  before(async () => {
    const board = new MockBoard();
    node = await startNode({ sketch: Buzzer, name: 'buzzer', board, directory: circuitDirectory({ nodes: {} as never }), host: loopback, port: 0, reporter: { report() {} } });
  });
  after(() => node.close());

  it('every frame, text or binary, empty or not, gets exactly one reply and the node serves on', async () => {
    const frame = fc.oneof(fc.string({ maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 32 }), fc.constantFrom('', '0', '1', ' 1', '1\n', '\u0000', '{}'), fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)));
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 8 }), async (frames) => {
        const socket = await open(`${node.url}/iopin`);
        try {
          const replies = await exchange(socket, frames);
          assert.equal(replies.length, frames.length);
        } finally {
          socket.close();
          await closed(socket);
        }
      }),
      fuzzParameters(60),
    );
  });
});

/** A board that answers every query with `bytes`: another firmware, line noise, or a broken Firmata. */
class GarbageBoard extends EventEmitter implements ByteTransport {
  readonly description = 'a board sending garbage';
  isOpen = true;
  constructor(private readonly bytes: Buffer[]) {
    super();
    setImmediate(() => this.pour());
  }
  private pour(): void {
    for (const chunk of this.bytes) if (this.isOpen) this.emit('data', chunk);
  }
  write(): boolean {
    return true;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {
    this.isOpen = false;
  }
}

describe('fuzz: the bytes a board sends back (Firmata)', () => {
  it('garbage, another firmware or a broken Firmata reply is a clear error within the timeout, never a crash', async () => {
    const firmataish = fc.array(fc.oneof(fc.constantFrom(0xf0, 0xf7, 0xf9, 0x79, 0x6c, 0x6a, 0x7f, 0x90, 0xe0, 0x00), fc.integer({ min: 0, max: 255 })), { maxLength: 64 });
    const text = fc.string({ maxLength: 64 }).map((s) => [...Buffer.from(`${s}\r\n`)]);
    const chunks = fc.array(fc.oneof(firmataish, text).map((bytes) => Buffer.from(bytes)), { minLength: 1, maxLength: 6 });
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    try {
      await fc.assert(
        fc.asyncProperty(chunks, async (bytes) => {
          const board = new GarbageBoard(bytes);
          let outcome: string;
          try {
            const link = await bringUp(board, 50, Date.now());
            link.io.removeAllListeners();
            outcome = 'ready';
          } catch (error) {
            assert.ok(error instanceof Error);
            outcome = error.message;
          } finally {
            await board.close();
          }
          assert.ok(outcome === 'ready' || /^no answer from the firmware within 0 s$|^the connection closed before the board answered$/.test(outcome), outcome);
          await new Promise((resolve) => setImmediate(resolve));
          assert.deepEqual(crashes, [], `crashed on ${bytes.map((b) => b.toString('hex')).join(' ')}`);
        }),
        fuzzParameters(25),
      );
    } finally {
      process.off('uncaughtException', onCrash);
    }
  });
});
