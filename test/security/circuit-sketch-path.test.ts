import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { loadCircuit } from '../../src/mesh/circuit.js';
import { planNode } from '../../src/sketches/node-plan.js';

/** A folder with a circuit file in `circuit/` and, outside it, a sketch that leaves a mark when imported. */
async function layout(sketchFor: (root: string) => string) {
  const root = await mkdtemp(join(tmpdir(), 'pinmesh-sketch-path-'));
  const marker = join(root, 'imported');
  await writeFile(join(root, 'x.mjs'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran'); export default class X {}\n`);
  await mkdir(join(root, 'circuit'));
  const file = join(root, 'circuit', 'c.json');
  await writeFile(file, JSON.stringify({ nodes: { desk: { host: '127.0.0.1', port: 9100, sketch: sketchFor(root) } } }));
  return { root, file, marker };
}

async function refused(file: string, marker: string, sketch: RegExp) {
  await assert.rejects(planNode(await loadCircuit(file), 'desk', { file }), (error: Error) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /^node "desk" runs sketch .*, which is outside the circuit file's folder .*: a circuit file may run only sketch files in its own folder or below it; move the sketch there, or run it with pinmesh run FILE$/);
    assert.match(error.message, sketch);
    return true;
  });
  assert.equal(existsSync(marker), false, 'the sketch was never imported');
}

describe("a circuit file runs only sketch files in its own folder", () => {
  it('refuses ../x.mjs, and never imports it', async () => {
    const { file, marker } = await layout(() => '../x.mjs');
    await refused(file, marker, /"\.\.\/x\.mjs"/);
  });

  it('refuses an absolute path outside its folder', async () => {
    const { file, marker } = await layout((root) => join(root, 'x.mjs'));
    await refused(file, marker, /x\.mjs/);
  });

  it('refuses a symbolic link in its folder that leads outside', async () => {
    const { root, file, marker } = await layout(() => './inside.mjs');
    await symlink(join(root, 'x.mjs'), join(root, 'circuit', 'inside.mjs'));
    await refused(file, marker, /"\.\/inside\.mjs"/);
  });
});
