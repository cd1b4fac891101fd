import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoardOfflineError } from '../../src/boards/board.js';
import { reportFailure } from '../../src/cli/failure.js';
import { UserError } from '../../src/errors.js';

describe('a board that went away', () => {
  it('is no mistake of the person (not a UserError), yet the CLI says it in one line, without a stack', () => {
    const error = new BoardOfflineError('the uno board on /dev/ttyACM0 is offline');
    assert.ok(!(error instanceof UserError));
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = reportFailure(error);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(code, 1);
    assert.deepEqual(written, ['pinmesh: the uno board on /dev/ttyACM0 is offline\n']);
  });
});
