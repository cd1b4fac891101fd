import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readToken } from '../../src/security/token.js';
import { tokenFileWarning } from '../../src/security/token-file.js';
import { minTokenBits, tokenBits, weakTokenReason } from '../../src/security/token-strength.js';
import { freePort, hasNoStackTrace, runCli, startCli } from '../support/cli.js';

const folder = () => mkdtemp(join(tmpdir(), 'pinmesh-token-file-'));

describe('a token must carry at least 128 bits', () => {
  it('refuses guessable tokens, a 16-character one of one letter among them', () => {
    for (const weak of ['aaaaaaaaaaaaaaaa', 'a'.repeat(64), 'abababababababababababababababab', 'abcdefgh', '0123456789abcdef', 'Zx9kQ2mP7wLr4TvB']) {
      assert.ok(tokenBits(weak) < minTokenBits, `${weak}: ${tokenBits(weak)} bits`);
      assert.match(weakTokenReason(weak) ?? '', /guessable.*pinmesh token FILE/);
    }
  });

  it('accepts what openssl rand and pinmesh token make, and the passphrases of the examples', () => {
    for (const strong of ['3f9c0d6e1a2b4c8d9e0f1a2b3c4d5e6f', 'q2Xb0mC4pZ8yV1tR6nL3sK9dHw==', 'xVbX1n3kqYc0QmRZ5t8p2wA7ZfL3uR9eJk4H6sN0d2E', 'correct-horse-battery-staple-42']) {
      assert.equal(weakTokenReason(strong), undefined, `${strong}: ${tokenBits(strong)} bits`);
    }
  });

  it('readToken refuses a weak token file with one line of advice', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'weak'), 'aaaaaaaaaaaaaaaa\n', { mode: 0o600 });
    await assert.rejects(readToken({ tokenFile: join(dir, 'weak') }), /^UserError: the token is guessable \(about 0 bits; at least 128 are needed\)/);
  });
});

describe('a token file others can read is warned about, as ssh does with a key', { skip: process.platform === 'win32' ? 'no mode bits' : false }, () => {
  it('names the file, who can read it, and the chmod that fixes it; nothing for 0600', async () => {
    const dir = await folder();
    const file = join(dir, 'token');
    await writeFile(file, 'x\n');
    await chmod(file, 0o644);
    assert.equal(await tokenFileWarning(file), `token file ${file} can be read by every user of this machine (mode 0644): anyone who reads it can drive your pins; run chmod 600 ${file}`);
    await chmod(file, 0o640);
    assert.match((await tokenFileWarning(file)) ?? '', /can be read by the file’s group \(mode 0640\)/);
    await chmod(file, 0o600);
    assert.equal(await tokenFileWarning(file), undefined);
  });

  it('pinmesh buzzer --token-file with a world-readable file starts, and says so once on stderr', async () => {
    const dir = await folder();
    const file = join(dir, 'token');
    await writeFile(file, 'world-readable-token-0123456789abcdef\n');
    await chmod(file, 0o644);
    const buzzer = startCli(['buzzer', '--board', 'mock', '--json', '--port', String(await freePort()), '--token-file', file]);
    try {
      await buzzer.waitForEvent((e) => e.event === 'listening');
    } finally {
      buzzer.child.kill('SIGINT');
    }
    const { stderr } = await buzzer.exited;
    assert.equal(stderr.match(/pinmesh: warning: token file .* can be read by every user of this machine \(mode 0644\).*chmod 600/g)?.length, 1, stderr);
    assert.ok(!stderr.includes('world-readable-token'));
  });
});

describe('pinmesh token FILE', () => {
  it('writes a fresh 256-bit token readable by its owner only, which a node accepts; it never prints the token', async () => {
    const dir = await folder();
    const file = join(dir, 'mesh.token');
    const result = await runCli(['token', file]);
    assert.equal(result.code, 0, result.stderr);
    const token = (await readFile(file, 'utf8')).trim();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(weakTokenReason(token), undefined);
    assert.equal((await readToken({ tokenFile: file }))?.matches(token), true);
    assert.match(result.stdout, /wrote a fresh 256-bit token to .*mesh\.token \(mode 0600\).*--token-file/);
    assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token));
    const second = await runCli(['token', join(dir, 'other.token')]);
    assert.notEqual((await readFile(join(dir, 'other.token'), 'utf8')).trim(), token, 'each token is fresh');
    assert.equal(second.code, 0);
  });

  it('never overwrites an existing file: one line of advice, the file unchanged', async () => {
    const dir = await folder();
    const file = join(dir, 'token');
    await writeFile(file, 'in-use\n');
    const result = await runCli(['token', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^pinmesh: .*token exists already: pinmesh token never overwrites a token your nodes may be using/);
    assert.ok(hasNoStackTrace(result.stderr));
    assert.equal(await readFile(file, 'utf8'), 'in-use\n');
  });
});
