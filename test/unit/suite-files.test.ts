import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chosenFile, FileTimes, longestFirst, readDurations, suiteFiles } from '../support/suite-files.js';

describe("npm test's files and their order (test/run-tests.ts)", () => {
  it('runs the unit suite, the suites of small files, and every folder\'s other test files but unit/\'s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinmesh-suite-files-'));
    try {
      for (const [folder, names] of Object.entries({ unit: ['led.test.js'], docs: ['readme.test.js', 'readme.test.js.map'], support: ['cli.js'], upload: ['flash.test.js'] })) {
        mkdirSync(join(dir, folder));
        for (const name of names) writeFileSync(join(dir, folder, name), '');
      }
      writeFileSync(join(dir, 'unit.suite.js'), '');
      // A folder whose name starts with "u" is run like any other (the old shell pattern skipped it).
      assert.deepEqual(suiteFiles(dir, {}), ['docs/readme.test.js', 'unit.suite.js', 'upload/flash.test.js']);
      // A file a suite of small files runs is not started on its own as well.
      assert.deepEqual(suiteFiles(dir, { 'small.suite.js': ['docs/readme.test.js'] }), ['small.suite.js', 'unit.suite.js', 'upload/flash.test.js']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts the longest first, and a file it has no time for before them all', () => {
    const seconds = { 'unit.suite.ts': 39, 'package/testing-ci.test.ts': 71, 'docs/readme.test.ts': 2, 'security/limits.test.ts': 2 };
    const files = ['docs/readme.test.js', 'new/first.test.js', 'package/testing-ci.test.js', 'security/limits.test.js', 'unit.suite.js', 'new/second.test.js'];
    assert.deepEqual(longestFirst(files, seconds), [
      'new/first.test.js',
      'new/second.test.js',
      'package/testing-ci.test.js',
      'unit.suite.js',
      'docs/readme.test.js',
      'security/limits.test.js',
    ]);
    assert.deepEqual(longestFirst(files, {}), files, 'with no times at all, the given order');
  });

  it("times each file as the runner reports the file itself, by its source name, to a tenth of a second", () => {
    const dir = '/repo/dist-test/test';
    const times = new FileTimes(dir);
    const file = (path: string, ms: number) => ({ file: `${dir}/${path}`, name: `${dir}/${path}`, nesting: 0, details: { duration_ms: ms } });
    times.add(file('docs/readme.test.js', 1_549));
    times.add(file('unit.suite.js', 38_960));
    // A test's own events name the file that defines it: a shared suite's, a unit file's. Not a file's time.
    times.add({ file: '/repo/test/contract/board-contract.ts', name: 'the board contract', nesting: 0, details: { duration_ms: 5_000 } });
    times.add({ file: '/repo/test/unit/led.test.ts', name: '/repo/test/unit/led.test.ts', nesting: 0, details: { duration_ms: 5_000 } });
    times.add({ file: `${dir}/docs/readme.test.js`, name: 'the README', nesting: 0, details: { duration_ms: 700 } });
    times.add({ ...file('docs/readme.test.js', 900), nesting: 1 });
    // A folder whose name only starts like the compiled one is not inside it.
    times.add({ file: '/repo/dist-test/testing/a.test.js', name: '/repo/dist-test/testing/a.test.js', nesting: 0, details: { duration_ms: 5_000 } });
    assert.deepEqual(times.seconds(), { 'docs/readme.test.ts': 1.5, 'unit.suite.ts': 39 });
  });

  it('takes a file named on the command line as a source under test/ or its compiled file, and nothing else', () => {
    const dirs = { sourceDir: '/repo/test', compiledDir: '/repo/dist-test/test' };
    assert.equal(chosenFile('/repo/test/docs/readme.test.ts', dirs), 'docs/readme.test.js');
    assert.equal(chosenFile('/repo/dist-test/test/docs/readme.test.js', dirs), 'docs/readme.test.js');
    assert.equal(chosenFile('/repo/test/unit.suite.ts', dirs), 'unit.suite.js');
    assert.throws(() => chosenFile('/repo/testing/x.test.ts', dirs), /\/repo\/testing\/x\.test\.ts is not a test file under test\/ or dist-test\/test\//);
    assert.throws(() => chosenFile('/repo/src/cli/main.ts', dirs), /not a test file/);
  });

  it('a missing or damaged durations file costs the order, never the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinmesh-durations-'));
    try {
      const file = join(dir, 'durations.json');
      assert.deepEqual(readDurations(file), {});
      writeFileSync(file, '{"seconds": {"a.test.ts": 3');
      assert.deepEqual(readDurations(file), {});
      writeFileSync(file, JSON.stringify({ seconds: { 'a.test.ts': 3, 'b.test.ts': 'slow', 'c.test.ts': null } }));
      assert.deepEqual(readDurations(file), { 'a.test.ts': 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
