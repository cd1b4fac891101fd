import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { runInOneProcess } from '../support/one-process.js';
import { sharedProcesses } from '../support/shared-processes.js';

describe('test files sharing one process (test/support/one-process.ts)', () => {
  const folder = (files: Record<string, string>): { dir: URL; remove: () => void } => {
    const dir = mkdtempSync(join(tmpdir(), 'pinmesh-one-process-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return { dir: pathToFileURL(`${dir}/`), remove: () => rmSync(dir, { recursive: true, force: true }) };
  };

  it('refuses a file with a hook at its top level, naming it, before importing any', async () => {
    const { dir, remove } = folder({
      'net/first.test.js': 'globalThis.imported = true;\n',
      'net/hooked.test.js': "import { after } from 'node:test';\nafter(() => {});\n",
    });
    try {
      await assert.rejects(runInOneProcess(dir, ['net/first.test.js', 'net/hooked.test.js']), /test\/net\/hooked\.test\.ts has a hook at its top level.*Move it into the file's describe\(\)/);
      assert.equal((globalThis as { imported?: boolean }).imported, undefined);
    } finally {
      remove();
    }
  });

  it('refuses a listed file that was not compiled (renamed, or never built)', async () => {
    const { dir, remove } = folder({});
    try {
      await assert.rejects(runInOneProcess(dir, ['security/gone.test.js']), /test\/security\/gone\.test\.ts is listed to share a process but was not compiled/);
    } finally {
      remove();
    }
  });

  it('lists each small file once, under one suite, and none of test/unit (the unit suite runs those)', () => {
    const listed = Object.values(sharedProcesses).flat();
    assert.equal(new Set(listed).size, listed.length);
    assert.deepEqual(listed.filter((file) => file.startsWith('unit/') || !file.endsWith('.test.js')), []);
  });
});
