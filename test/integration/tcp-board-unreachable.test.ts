/**
 * A board on the network that nothing answers for: `--board tcp://HOST:PORT` with no board (and no
 * `pinmesh sim --tcp PORT`) listening there is the person's to fix, told in one line with the advice,
 * by every command that opens a board, never "unexpected error … this is a bug in pinmesh".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeCircuitFile, freePort, hasNoStackTrace, runCli } from '../support/cli.js';

describe('--board tcp://HOST:PORT with nothing listening', { timeout: 120_000 }, () => {
  const commands: Record<string, () => Promise<string[]>> = {
    probe: async () => ['probe'],
    buzzer: async () => ['buzzer', '-p', String(await freePort())],
    circuit: async () => ['circuit', '--circuit', (await freeCircuitFile()).path],
  };
  for (const [name, args] of Object.entries(commands)) {
    it(`pinmesh ${name} says the connection was refused and what to check, in one line`, async () => {
      const port = await freePort();
      const result = await runCli([...(await args()), '--board', `tcp://127.0.0.1:${port}`]);
      assert.equal(result.code, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /unexpected error|a bug in pinmesh/);
      assert.match(
        result.stderr,
        new RegExp(
          `^pinmesh: could not reach the board on tcp://127\\.0\\.0\\.1:${port}: nothing listens there \\(connection refused\\); ` +
            `is the board on the network and running StandardFirmataWiFi/Ethernet on port ${port} \\(or pinmesh sim --tcp ${port}\\)\\?$`,
          'm',
        ),
      );
      assert.ok(hasNoStackTrace(result.stderr));
    });
  }
});
