/**
 * How long a peer link keeps trying a peer that does not answer when it is told nothing: as long
 * as the command's --peer-timeout by default (30 s), so that a program's clock and the command's
 * wait alike. The peer is one the directory has not found yet (asked for again on every attempt,
 * no socket involved), and the clock the link reads is mocked: each failed attempt takes 9 s.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NodeNotFoundYet } from '../../src/mesh/directory.js';
import { PeerLink } from '../../src/runtime/peer-link.js';

describe('a peer link told no connectFor', () => {
  it("keeps trying a peer that does not answer for 30 s, the command's --peer-timeout default, then says why", async (t) => {
    t.mock.timers.enable({ apis: ['Date'] });
    const started = Date.now();
    const failedAt: number[] = [];
    const link = new PeerLink(
      'iopin',
      () => {
        throw new NodeNotFoundYet('iopin has not announced itself yet');
      },
      {
        onRetry: () => {
          t.mock.timers.tick(9_000);
          failedAt.push(Date.now() - started);
        },
      },
    );
    await assert.rejects(link.connect(), /^NodeNotFoundYet: iopin has not announced itself yet$/);
    assert.deepEqual(failedAt, [9_000, 18_000, 27_000, 36_000], 'tried again at 9, 18 and 27 s; given up at the first failure 30 s in');
    await link.close();
  });
});
