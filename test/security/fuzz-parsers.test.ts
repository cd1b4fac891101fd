/** Property-based tests of every parser that reads outside input: whatever arrives, a clear answer, never a crash. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseRequest, parseServerFrame, protocolSchemas } from '../../src/boards/remote/protocol.js';
import { UserError } from '../../src/errors.js';
import { maxAnnouncementBytes, parseNodeInfo } from '../../src/fleet/node-info.js';
import { parseCircuit } from '../../src/mesh/circuit.js';
import { planNode } from '../../src/sketches/node-plan.js';
import { fuzzParameters } from '../support/fuzz.js';

/** Any JSON value, with the keys and values the parsers look for mixed in so the fuzz gets past the first check. */
const keys = fc.constantFrom('id', 'op', 'pin', 'value', 'mode', 'event', 'ok', 'error', 'nodes', 'host', 'port', 'sketch', 'options', 'board', 'token', 'tls', 'allowOrigins', 'kind', 'node', 'url', '__proto__', 'constructor');
const scalars = fc.oneof(
  fc.constantFrom('digitalWrite', 'pinMode', 'hello', 'iopin', 'buzzer', 'clock', '127.0.0.1', 'mock', 'uno', 'ws://127.0.0.1:1', '../x.mjs', 13, 3, 0, 1, -1, 65536, 1e308, NaN, true, false, null),
  fc.string(),
  fc.integer(),
  fc.double(),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, scalars, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.oneof(keys, fc.string()), tie('tree'), { maxKeys: 6 })),
}));
const jsonText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tree.map((value) => JSON.stringify(value) ?? 'null'));

describe('fuzz: the board protocol (src/boards/remote/protocol.ts)', () => {
  it('any frame a client sends is a request or a bad-request reply, never a throw', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const parsed = parseRequest(text);
        if ('refusal' in parsed) {
          assert.equal(parsed.refusal.ok, false);
          assert.equal(protocolSchemas().reply.safeParse(parsed.refusal).success, true);
        } else assert.equal(typeof parsed.request.op, 'string');
      }),
      fuzzParameters(500),
    );
  });

  it('any frame a board node sends is a reply, an event or ignored, never a throw', () => {
    fc.assert(fc.property(jsonText, (text) => void parseServerFrame(text)), fuzzParameters(500));
  });
});

describe('fuzz: circuit files (src/mesh/circuit.ts) and the sketches\' options', () => {
  it('any JSON is a circuit or one line of advice (a UserError), never another error', () => {
    fc.assert(
      fc.property(tree, (value) => {
        try {
          const circuit = parseCircuit(value, 'fuzz.json');
          assert.ok(Object.keys(circuit.nodes).length > 0);
        } catch (error) {
          assert.ok(error instanceof UserError, String(error));
          assert.equal(error.message.split('\n').length, 1);
        }
      }),
      fuzzParameters(500),
    );
  });

  it('any options given to a built-in sketch are taken or refused with one line of advice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('iopin', 'buzzer', 'clock'), fc.dictionary(fc.oneof(fc.constantFrom('pin', 'peer', 'target', 'channel', 'hold', 'sequence', 'chance', 'sound', 'delay', 'ticks'), fc.string()), tree, { maxKeys: 4 }), async (sketch, options) => {
        const circuit = { nodes: { n: { host: '127.0.0.1', port: 9000, sketch, options } } };
        try {
          await planNode(circuit, 'n', { file: 'fuzz.json' });
        } catch (error) {
          assert.ok(error instanceof UserError, String(error));
        }
      }),
      fuzzParameters(300),
    );
  });
});

describe('fuzz: fleet announcements (src/fleet/node-info.ts)', () => {
  it('any payload on an info topic is an announcement within the bounds, or ignored, never a throw', () => {
    const payloads = fc.oneof(jsonText, fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)), tree.map((value) => JSON.stringify({ node: 'n', url: null, host: null, port: null, token: false, tls: false, sketch: 's', board: null, pinmesh: '0', since: '', ...(typeof value === 'object' && value !== null ? value : { extra: value }) })));
    fc.assert(
      fc.property(payloads, (payload) => {
        const info = parseNodeInfo(payload);
        if (info) assert.ok(Buffer.byteLength(payload) <= maxAnnouncementBytes && info.node.length <= 1024);
      }),
      fuzzParameters(500),
    );
  });
});
