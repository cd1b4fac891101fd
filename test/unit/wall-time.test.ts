import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoTimeNow } from '../../src/report/wall-time.js';

describe('wall time: the ISO 8601 stamp of every event', () => {
  it('is the wall-clock time now, to the millisecond, in toISOString() form', () => {
    const before = Date.now();
    const stamp = isoTimeNow();
    const after = Date.now();
    assert.match(stamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const at = Date.parse(stamp);
    assert.ok(at >= before && at <= after, `${stamp} lies between ${before} and ${after}`);
  });
});
