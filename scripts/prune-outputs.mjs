#!/usr/bin/env node
// After an incremental build (`tsc -b`, which rebuilds only what changed): removes what tsc wrote
// earlier for a source that is gone (deleted, renamed, or no longer in the project), as the full
// rebuild from an emptied folder used to. Otherwise a deleted test would still run from dist-test,
// and a deleted module's declarations would still ship in the package (files: dist/src/**/*.d.ts).
//
//   node scripts/prune-outputs.mjs tsconfig.json tsconfig.view.json
//
// What a project may write is TypeScript's own answer (getOutputFileNames) for each source file of
// its program: those the tsconfig includes, and those they import from outside it (the tests import
// bench/lib, which test/tsconfig.json does not include), read from the build info `tsc -b` has just
// written. Only folders that hold such outputs are looked at (dist/lib, the bundles, and
// dist/www/vendor, the copied drawings, are not tsc's and are left alone), and only files with an
// extension tsc writes. Each file removed is named.
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { filesUnder } from './files-under.mjs';

const EMITTED = /\.(?:[cm]?js|d\.[cm]?ts|map)$/;

function outputsOf(project) {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(project), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`${project}: not a tsconfig file`);
  const outDir = parsed.options.outDir;
  if (!outDir) throw new Error(`${project}: no outDir, so nothing to prune`);
  const program = { ...parsed, fileNames: [...new Set([...parsed.fileNames.map((file) => resolve(file)), ...importedSources(project, parsed.options)])] };
  const expected = new Set(program.fileNames.flatMap((file) => ts.getOutputFileNames(program, file, false).map((out) => resolve(out))));
  return { outDir: resolve(outDir), expected };
}

/**
 * Every source file of the project's last build, from its build info (its `fileNames`, relative to
 * the build info's folder): the included files and what they import, less declarations and packages.
 * A project without one (not built with `tsc -b`) is refused: pruning it by its includes alone would
 * remove the outputs of the files it imports from elsewhere.
 */
function importedSources(project, options) {
  const buildInfo = ts.getTsBuildInfoEmitOutputFilePath(options);
  let fileNames;
  try {
    ({ fileNames } = JSON.parse(readFileSync(buildInfo, 'utf8')));
  } catch (error) {
    throw new Error(`${project}: no build info to read at ${buildInfo ?? '(none)'} (${error.code ?? error.message}): run tsc -b ${project} first`);
  }
  return fileNames
    .map((file) => resolve(dirname(buildInfo), file))
    .filter((file) => !/[\\/]node_modules[\\/]/.test(file) && /\.[cm]?tsx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file));
}

function removeEmptyDirs(dir, stopAt) {
  for (let at = dir; at !== stopAt && at.startsWith(stopAt + sep); at = dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return;
    }
  }
}

const projects = process.argv.slice(2);
if (projects.length === 0) {
  console.error('usage: node scripts/prune-outputs.mjs TSCONFIG… (after tsc -b of the same projects)');
  process.exit(2);
}
try {
  // Projects may share an output folder (test/tsconfig.json and test/tsconfig.browser.json): a
  // file is kept if any of them writes it.
  const byOutDir = new Map();
  for (const project of projects) {
    const { outDir, expected } = outputsOf(project);
    const known = byOutDir.get(outDir) ?? new Set();
    for (const file of expected) known.add(file);
    byOutDir.set(outDir, known);
  }
  for (const [outDir, expected] of byOutDir) {
    // The folders at the top of the output folder that hold an output (one written straight into it,
    // the view's errors.js, is expected: nothing beside it is looked at).
    const tops = new Set([...expected].map((file) => relative(outDir, file).split(sep)).filter((parts) => parts.length > 1).map((parts) => parts[0]));
    for (const top of tops) {
      for (const file of filesUnder(join(outDir, top))) {
        if (expected.has(file) || !EMITTED.test(file)) continue;
        rmSync(file);
        removeEmptyDirs(dirname(file), outDir);
        console.log(`prune-outputs: removed ${relative(process.cwd(), file)} (its source is gone)`);
      }
    }
  }
} catch (error) {
  console.error(`prune-outputs: ${error.message}`);
  process.exit(1);
}
