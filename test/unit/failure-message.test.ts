/**
 * What the CLI says of a failure that is neither a person's mistake it can name (a UserError) nor an
 * error thrown from their sketch file's lines (src/cli/failure.ts): pinmesh's own bug, or, for an error
 * no line of pinmesh raised while a sketch ran, work the sketch may have started.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { describeFailure } from '../../src/cli/failure.js';
import { packageRoot } from '../../src/package-root.js';
import { rememberSketchFile } from '../../src/runtime/sketch-error.js';

/** An error whose stack is `frames`, under `message`. */
function raised(message: string, frames: string[], cause?: Error): Error {
  const error = new TypeError(message, cause && { cause });
  error.stack = [`TypeError: ${message}`, ...frames.map((frame) => `    at ${frame}`)].join('\n');
  return error;
}

describe('a failure that is no mistake of the person’s the CLI can name', () => {
  const sketch = join(process.cwd(), 'lamp-failure-message.mjs');
  rememberSketchFile(sketch);

  it("raised in Node with no frame of pinmesh's while a sketch ran: said as work the sketch may have started, with the error's cause, not as a bug in pinmesh", () => {
    const { text, code } = describeFailure(raised('fetch failed', ['node:internal/deps/undici/undici:13510:13', 'process.processTicksAndRejections (node:internal/process/task_queues:105:5)'], new Error('bad port')));
    assert.equal(code, 1);
    const [first, second] = text.trimEnd().split('\n');
    assert.equal(first, 'pinmesh: unexpected error: fetch failed (bad port)');
    assert.match(second!, /^pinmesh: no line of pinmesh's raised it, and your sketch (.+, )?lamp-failure-message\.mjs(, .+)? was running: if the sketch started it \(a timer, a promise nothing awaits\), catch it there; if not, run again with PINMESH_DEBUG=1 for details and report it$/);
    assert.doesNotMatch(text, /this is a bug in pinmesh/);
  });

  it("with a frame of pinmesh's own code: a bug in pinmesh, to report", () => {
    const own = `NodeBoard.write (${pathToFileURL(join(packageRoot(), 'dist/lib/index.js')).href}:1:2345)`;
    const { text } = describeFailure(raised("Cannot read properties of undefined (reading 'pin')", ['node:internal/streams/writable:1:1', own]));
    assert.equal(text, "pinmesh: unexpected error: Cannot read properties of undefined (reading 'pin')\npinmesh: this is a bug in pinmesh; run again with PINMESH_DEBUG=1 for details and report it\n");
  });

  it("pinmesh's wrappers of Node's module loader are no frame of pinmesh's: an import Node refused passes through them", () => {
    const wrapper = `prototype._compile (${pathToFileURL(join(packageRoot(), 'dist/lib/runtime.js')).href}:6591:20)`;
    const { text } = describeFailure(raised('Cannot require() ES Module /desk/more.ts in a cycle.', ['ModuleLoader.importSyncForRequire (node:internal/modules/esm/loader:334:13)', wrapper]));
    assert.match(text, /\npinmesh: no line of pinmesh's raised it/);
  });
});
