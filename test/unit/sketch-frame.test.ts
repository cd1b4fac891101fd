/**
 * The stack-line shapes a person's sketch can produce, each read back to its file (and line, where
 * the line is the file's own): what blameSketch needs to tell their mistake from a bug in pinmesh.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { SketchError, blameSketchCode, sketchFrame } from '../../src/runtime/sketch-error.js';

describe('a stack line of a sketch', () => {
  it('a CommonJS path: file, line and column', () => {
    assert.deepEqual(sketchFrame('at Oops.setup (/home/ada/first/oops.ts:9:11)'), { path: '/home/ada/first/oops.ts', line: '9', column: '11' });
  });

  it('an ES module file URL with tsx query: the path without the query', () => {
    assert.deepEqual(sketchFrame('at Oops.setup (file:///home/ada/first/oops.mts?tsx-namespace=123:9:11)'), { path: '/home/ada/first/oops.mts', line: '9', column: '11' });
  });

  it('a frame with no function name', () => {
    assert.deepEqual(sketchFrame('at /home/ada/first/oops.js:3:1'), { path: '/home/ada/first/oops.js', line: '3', column: '1' });
  });

  it("tsx's data: URL of a CommonJS file imported as an ES module: the file its ?filePath= names, and no line (its lines are minified code's)", () => {
    const code = encodeURIComponent('__filename="/home/ada/first/oops.ts";(()=>{class Oops{setup(){throw new Error("no LED today")}}})()\n');
    const line = `at Oops.setup (data:text/javascript,${code}?filePath=${encodeURIComponent('/home/ada/first/oops.ts?namespace=abc')}:2:967)`;
    assert.deepEqual(sketchFrame(line), { path: '/home/ada/first/oops.ts' });
  });

  it('node internals and anonymous frames are not a file', () => {
    assert.equal(sketchFrame('at async ModuleJob.run (node:internal/modules/esm/module_job:325:25)'), undefined);
    assert.equal(sketchFrame('at Function.assign (<anonymous>)'), undefined);
  });
});

describe('an error in setup() of a Sketch class given in code (blameSketchCode)', () => {
  const own = join(packageRoot(), 'dist/lib/chunk-ABC.js');
  const thrownAt = (...frames: string[]) => Object.assign(new Error('pin 99 cannot be used'), { stack: ['Error: pin 99 cannot be used', ...frames.map((f) => `    at ${f}`)].join('\n') });

  it("is blamed on the first frame in the person's own code, past pinmesh's frames and packages'", () => {
    const error = thrownAt(`unsupported (${own}:49:10)`, 'parse (/home/ada/desk/node_modules/zod/index.js:1:2)', 'Lamp.setup (file:///home/ada/desk/lamp.mjs:6:37)', 'node:internal/x:1:1');
    const blamed = blameSketchCode(error, 'in setup()', 'lamp');
    assert.ok(blamed instanceof SketchError);
    assert.match(blamed.message, /lamp\.mjs failed in setup\(\) at line 6, column 37: pin 99 cannot be used$/);
    assert.equal(blamed.node, 'lamp');
    assert.equal(blamed.cause, error);
  });

  it("an error all in pinmesh's code (a built-in sketch's) or in packages is not the person's", () => {
    assert.equal(blameSketchCode(thrownAt(`unsupported (${own}:49:10)`, `IOPin.setup (${join(packageRoot(), 'src/sketches/iopin.ts')}:3:4)`, 'node:internal/x:1:1'), 'in setup()', 'iopin'), undefined);
    assert.equal(blameSketchCode(thrownAt('parse (/home/ada/desk/node_modules/zod/index.js:1:2)'), 'in setup()', 'iopin'), undefined);
  });
});
