import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openBoard } from '../../src/boards/open-board.js';
import { UserError } from '../../src/errors.js';
import { assertNoSecretInUrl } from '../../src/security/url-secrets.js';
import { freePort, hasNoStackTrace, runCli } from '../support/cli.js';

const secret = 'url-secret-token-0123456789abcdef';

describe('a token goes only where the person said, never in an address on the command line', () => {
  it('refuses ?token= and a password in an address, without repeating the secret', () => {
    for (const url of [`ws://127.0.0.1:8764/?token=${secret}`, `ws://127.0.0.1:8764/x?a=1&TOKEN=${secret}`, `wss://me:${secret}@host:1/`]) {
      assert.throws(() => assertNoSecretInUrl(url, 'the --board address'), (error: Error) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /the --board address carries a (token|password).*--token-file FILE.*pinmesh token FILE/);
        assert.ok(!error.message.includes(secret));
        return true;
      });
    }
    assertNoSecretInUrl('ws://127.0.0.1:8764', 'the --board address');
    assertNoSecretInUrl('ws://127.0.0.1:8764/?tokens=1', 'the --board address');
  });

  it('pinmesh buzzer --board "ws://…/?token=…" is one line of advice, and the token is not printed', async () => {
    const port = await freePort();
    const result = await runCli(['buzzer', '--port', String(port), '--board', `ws://127.0.0.1:${port}/?token=${secret}`]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /^pinmesh: the --board address carries a token \(\?token=…\): .*--token-file FILE/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.ok(hasNoStackTrace(result.stderr));
    assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
  });

  it('a board address from a circuit file is held to the same rule', async () => {
    await assert.rejects(openBoard(`ws://127.0.0.1:1/?token=${secret}`), /the board address carries a token/);
  });
});
