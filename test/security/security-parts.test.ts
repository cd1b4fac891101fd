import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { parseCircuit } from '../../src/mesh/circuit.js';
import { isLoopback } from '../../src/security/loopback.js';
import { assertSafeToListen, resolveSecurity, withCircuit } from '../../src/security/node-security.js';
import { OriginPolicy } from '../../src/security/origin-policy.js';
import { redactUrl } from '../../src/security/redact.js';
import { Token, readToken } from '../../src/security/token.js';

const secret = 'correct-horse-battery-staple-42';

describe('loopback is decided from the address, without binding', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) {
    it(`${host} is loopback`, () => assert.equal(isLoopback(host), true));
  }
  for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', '128.0.0.1', 'example.com', '::ffff:10.0.0.1', '']) {
    it(`${JSON.stringify(host)} is beyond loopback`, () => assert.equal(isLoopback(host), false));
  }
});

describe('a node beyond loopback needs a token', () => {
  it('refuses 0.0.0.0 without a token, with one line of advice', () => {
    assert.throws(() => assertSafeToListen('buzzer', '0.0.0.0', resolveSecurity()), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /refusing to serve buzzer on 0\.0\.0\.0 without a token.*--token-file.*PINMESH_TOKEN.*127\.0\.0\.1/);
      assert.equal(error.message.split('\n').length, 1);
      return true;
    });
  });
  it('allows it with a token, and loopback without one', () => {
    assertSafeToListen('buzzer', '0.0.0.0', resolveSecurity({ token: new Token(secret) }));
    assertSafeToListen('buzzer', '127.0.0.1', resolveSecurity());
  });
});

describe('the token', () => {
  it('matches only itself', () => {
    const token = new Token(secret);
    assert.equal(token.matches(secret), true);
    assert.equal(token.matches(`${secret}x`), false);
    assert.equal(token.matches(''), false);
    assert.equal(token.matches(undefined), false);
  });

  it('never prints itself', () => {
    const token = new Token(secret);
    for (const shown of [String(token), JSON.stringify({ token }), inspect(token), `${token}`]) assert.ok(!shown.includes(secret), shown);
  });

  it('comes from --token-file, else PINMESH_TOKEN, else nowhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-token-'));
    const file = join(dir, 'token');
    await writeFile(file, `${secret}\n`);
    assert.equal((await readToken({ tokenFile: file, env: { PINMESH_TOKEN: 'other-token-of-enough-length' } }))?.matches(secret), true);
    assert.equal((await readToken({ env: { PINMESH_TOKEN: secret } }))?.matches(secret), true);
    assert.equal(await readToken({ env: {} }), undefined);
  });

  it('a missing, empty or short token file is one line of advice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-token-'));
    await writeFile(join(dir, 'empty'), '\n');
    await writeFile(join(dir, 'short'), 'abc\n');
    await assert.rejects(readToken({ tokenFile: join(dir, 'nope') }), /token file .*nope does not exist: create it with pinmesh token .*nope$/);
    await assert.rejects(readToken({ tokenFile: join(dir, 'empty') }), /is empty/);
    await assert.rejects(readToken({ tokenFile: join(dir, 'short') }), /the token is guessable \(about \d+ bits; at least 128 are needed\): make one with pinmesh token FILE/);
  });

  it('a short or spaced PINMESH_TOKEN is refused naming the variable, where it is easily forgotten (a shell profile)', async () => {
    await assert.rejects(readToken({ env: { PINMESH_TOKEN: 'short' } }), /^UserError: the token in PINMESH_TOKEN is guessable \(about \d+ bits; at least 128 are needed\): make one with pinmesh token FILE/);
    await assert.rejects(readToken({ env: { PINMESH_TOKEN: 'two words-of-a-token-long-enough-0123456789' } }), /^UserError: the token in PINMESH_TOKEN must not contain spaces/);
  });
});

describe('the origin policy', () => {
  const policy = new OriginPolicy(['http://localhost:3000', 'HTTPS://View.Example:443/ignored/path']);
  it('lets programs that send no Origin through', () => assert.equal(policy.refusal(undefined), undefined));
  it('lets allowed pages through, as browsers spell them', () => {
    assert.equal(policy.refusal('http://localhost:3000'), undefined);
    assert.equal(policy.refusal('https://view.example'), undefined);
  });
  it('refuses every other page, and the opaque origin', () => {
    for (const origin of ['http://evil.example', 'http://localhost:3001', 'https://localhost:3000', 'null', 'garbage']) {
      assert.match(policy.refusal(origin) ?? '', /is not allowed/, origin);
    }
  });
  it('refuses to allow a malformed origin', () => assert.throws(() => new OriginPolicy(['localhost:3000 x']), /bad origin/));
});

describe('secrets stay out of what is printed', () => {
  it('redacts a token query parameter and a password', () => {
    assert.equal(redactUrl(`ws://127.0.0.1:8766/iopin?token=${secret}`), 'ws://127.0.0.1:8766/iopin?token=[redacted]');
    assert.ok(!redactUrl(`wss://me:${secret}@host:1/x`).includes(secret));
    assert.equal(redactUrl('ws://127.0.0.1:8766/iopin'), 'ws://127.0.0.1:8766/iopin');
  });
});

describe('the circuit file says which nodes want the token or speak TLS, never the token itself', () => {
  it('accepts token, tls and allowOrigins', () => {
    const circuit = parseCircuit({ nodes: { buzzer: { host: '10.0.0.2', port: 8766, token: true, tls: true } }, allowOrigins: ['http://localhost:3000'] }, 'test');
    assert.deepEqual(circuit.nodes.buzzer, { host: '10.0.0.2', port: 8766, token: true, tls: true });
  });
  it('refuses a token value and a malformed origin', () => {
    assert.throws(() => parseCircuit({ nodes: { buzzer: { host: 'h', port: 1, token: secret } } }, 'test'), /at nodes\.buzzer\.token/);
    assert.throws(() => parseCircuit({ nodes: { buzzer: { host: 'h', port: 1 } }, allowOrigins: ['nope'] }, 'test'), /at allowOrigins\.0: expected an origin/);
  });
  it('a node the circuit marks "token" or "tls" will not start without them', () => {
    assert.throws(() => withCircuit('buzzer', { nodes: { buzzer: { token: true } } }), /wants a token, and none was given: pass --token-file/);
    assert.throws(() => withCircuit('buzzer', { nodes: { buzzer: { tls: true } } }), /serves wss:\/\/, and no certificate was given/);
  });
});
