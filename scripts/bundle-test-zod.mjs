#!/usr/bin/env node
// After build:test's tsc: dist-test/src/zod.js with zod bundled into it, as dist/lib has it.
//
// Why: tsc's output imports `zod/mini`, which Node loads as 92 modules, resolved, read and compiled
// one by one: about 50 ms of every test process that touches a schema (most of them, on Node 20 and
// 24 alike), over 100 processes a run. Bundled, it is one file. It is also what pinmesh ships: the
// command and the library carry their own zod (scripts/bundle.mjs), and a sketch that imports zod
// gets a copy of its own.
import { build } from 'esbuild';

const file = 'dist-test/src/zod.js';
await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  logLevel: 'warning',
});
