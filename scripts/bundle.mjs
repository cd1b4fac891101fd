#!/usr/bin/env node
// After tsc: the runtime pinmesh ships, as esbuild bundles of tsc's output (dist/src) into dist/lib.
//
// Why: a start of `pinmesh` loaded ~240 ES modules one by one (95 of them zod's), and Node resolves,
// reads and compiles each on its own: on Node 20, which keeps no compile cache, that was most of a
// start. Bundled, the same code is a few files (cli.js, index.js, testing.js and the chunks they
// share, so a sketch's `import … from 'pinmesh'` and the running command share one copy of every
// class and of the event catalogue). Code loaded only by some commands (the Firmata stack, the
// simulator, the fleet) stays behind its dynamic import(), in chunks of its own.
//
// zod is bundled (one file instead of 95 modules); every other dependency stays a package of its
// own, loaded by Node as before (johnny-five and serialport load only where a board needs them).
// pinmesh's schemas use zod/mini, imported as a namespace (src/zod.ts), so esbuild keeps only the
// checks they use: zod's messages in ~40 languages (`z.locales`) and classic zod's API are left out
// without being named here.
// A person's sketch may mix its own zod with pinmesh's schemas (pinOption): zod 4 composes schemas
// from two copies (its registry lives on globalThis), and pinmesh checks a sketch's options by
// what they do, never with instanceof.
//
// Then rollup merges the chunks a start goes through (scripts/start-chunks.mjs says which, and why).
//
// dist/src keeps tsc's output: its .d.ts files are the package's types; its .js files are only
// what is bundled here, and are not in the package.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { filesUnder } from './files-under.mjs';
import { digestOf, stampWith, upToDate } from './inputs-digest.mjs';
import { chunkName, startChunks } from './start-chunks.mjs';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const bundled = new Set(['zod']);
const entries = {
  cli: 'dist/src/cli/main.js',
  index: 'dist/src/index.js',
  testing: 'dist/src/testing/index.js',
};
/**
 * The module hooks a sketch's `import 'pinmesh'` goes through, registered by URL beside the chunk
 * that registers them (runtime/find-pinmesh.ts). On Node 20 they run in Node's loader thread, which
 * loads them on its own: as an entry of the split bundle they re-exported from the runtime chunk,
 * and that thread loaded and compiled the whole runtime (350 KB, with commander, https and tls) for a
 * hook of 40 lines. So they are a bundle of their own, one small file; the runtime keeps its copy.
 */
const moduleHooks = { from: 'dist/src/runtime/pinmesh-resolve-hooks.js', to: 'pinmesh-resolve-hooks.js' };
/** esbuild's chunks, before rollup merges the start's: removed once dist/lib is written. */
const staging = 'dist/esbuild';
const outdir = 'dist/lib';

// The same inputs make the same bundle: tsc's output, these scripts, the dependency list (what stays
// external) and the versions of zod (bundled) and of the two bundlers. npm test builds before each
// run, and most runs change no source.
const rootDir = fileURLToPath(root);
const requireHere = createRequire(import.meta.url);
const inputs = [
  ...filesUnder(`${rootDir}dist/src`, /\.js$/),
  ...['scripts/bundle.mjs', 'scripts/start-chunks.mjs', 'package.json'].map((file) => `${rootDir}${file}`),
  ...['zod', 'esbuild', 'rollup'].map((name) => requireHere.resolve(`${name}/package.json`)),
];
const digest = digestOf(inputs);
const stamp = `${rootDir}dist/lib.inputs-sha256`;
const outputs = [...Object.keys(entries).map((name) => `${name}.js`), moduleHooks.to].map((file) => `${rootDir}${outdir}/${file}`);
if (upToDate(stamp, digest, outputs)) process.exit(0);
rmSync(stamp, { force: true });

// Chunks are named by their content: a rebuild would leave the old ones beside the new.
for (const dir of [staging, outdir]) rmSync(new URL(dir, root), { recursive: true, force: true });

const { metafile } = await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: entries,
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: Object.keys(pkg.dependencies).filter((name) => !bundled.has(name)),
  metafile: true,
  logLevel: 'warning',
});

const merged = startChunks(metafile);
const absolute = (file) => fileURLToPath(new URL(file, root));
const chunkOf = new Map([...merged].flatMap(([name, files]) => [...files].map((file) => [absolute(file), name])));
const bundle = await rollup({
  input: Object.fromEntries(Object.keys(entries).map((name) => [name, absolute(`${staging}/${name}.js`)])),
  // esbuild left every package but zod as an import; rollup keeps them so.
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  // esbuild has tree-shaken already: rollup only moves code between files.
  treeshake: false,
  onwarn: (warning) => {
    throw new Error(`bundle: rollup: ${warning.message}`);
  },
});
await bundle.write({
  dir: absolute(outdir),
  format: 'es',
  manualChunks: (id) => chunkOf.get(id),
  chunkFileNames: (chunk) => `${chunkName(chunk.name)}-[hash].js`,
  // Node loads what each file imports as it meets it; hoisted imports would only add lines.
  hoistTransitiveImports: false,
});
await bundle.close();
rmSync(new URL(staging, root), { recursive: true, force: true });

await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: [moduleHooks.from],
  outfile: `${outdir}/${moduleHooks.to}`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
});
stampWith(stamp, digest);
