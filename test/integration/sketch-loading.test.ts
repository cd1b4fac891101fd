/**
 * How a sketch file is loaded, beyond its mistakes (sketch-mistakes.test.ts): a plain JavaScript ES
 * module sketch whose own `pinmesh` Node finds (installed beside it, as in a maker's folder) is
 * imported by Node as it is, with no module hooks: no loader thread, no second copy of pinmesh. One
 * where pinmesh is not installed gets the resolve hook; one that imports a TypeScript file still
 * loads, through the TypeScript loader. A TypeScript sketch's `pinmesh` is the same module as the
 * command's (tsx's mark would otherwise make it a second copy of the package). An ES module TypeScript
 * sketch starts no loader thread on any Node, whether its pinmesh is beside it or not (on Node 20 tsx's require loads it),
 * and is an ES module whichever way it is loaded: strict, with its own import.meta.url, run again at each
 * load, a CommonJS module's default import its whole module.exports, import.meta.resolve there, a
 * top-level await awaited, a package that exports only to `import` found, an import() answered (a
 * TypeScript file, and pinmesh where it is not beside the sketch). The file named is
 * the file loaded: twin.js beside twin.ts (tsc's output beside its source), twin.cjs beside twin.cts.
 * A syntax error is said in the same words whichever loader met it (sketch-mistakes.test.ts has the rest).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { blameSketch } from '../../src/runtime/sketch-error.js';
import { loadSketchFile } from '../../src/runtime/sketch-file.js';
import { freePort, hasNoStackTrace, runCli } from '../support/cli.js';

const blink = `import { Sketch } from 'pinmesh';
export default class Blink extends Sketch {
  setup() {
    throw new Error('no LED on pin 99');
  }
  loop() {
    return 'blink';
  }
}
`;

/** The built loader (dist/src, the same code) and the built pinmesh, imported by a fresh process's script. */
const importLoader = `const { loadSketchFile } = await import(${JSON.stringify(pathToFileURL(resolve('dist/src/runtime/sketch-file.js')).href)});`;
const importSketch = `const { Sketch } = await import(${JSON.stringify(pathToFileURL(resolve('dist/lib/index.js')).href)});`;

/** Runs `script` (an ES module) in a fresh Node process, which must end well: what it printed, read as JSON. */
function printedByFreshProcess<T>(script: string): T {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim()) as T;
}

/**
 * Loads `file` with the built loader in a fresh process whose module.register and
 * module.registerHooks (Node 22.15 and later) count their calls: how many module hooks the load
 * registered, how many of them with module.register (whose hooks run in a loader thread that every
 * import then waits on), and the class's name.
 */
function loadCountingHooks(file: string): { hooks: number; inLoaderThread: number; name: string } {
  return printedByFreshProcess(`
    import module from 'node:module';
    let hooks = 0;
    let inLoaderThread = 0;
    for (const name of ['register', 'registerHooks']) {
      const original = module[name];
      if (typeof original === 'function') module[name] = (...args) => { hooks += 1; if (name === 'register') inLoaderThread += 1; return original(...args); };
    }
    module.syncBuiltinESMExports();
    ${importLoader}
    const sketch = await loadSketchFile(${JSON.stringify(file)});
    console.log(JSON.stringify({ hooks, inLoaderThread, name: sketch.name }));
  `);
}

/** Node 22.15 and later run module hooks in the importing thread (module.registerHooks); Node 20 cannot. */
const hooksInThread = typeof (module as { registerHooks?: unknown }).registerHooks === 'function';

/**
 * Loads a TypeScript sketch with the built loader in a fresh process that has imported the `pinmesh`
 * Node finds for the sketch: whether the class `generations` up from the sketch's (its parent, by
 * default) is that module's Sketch (one copy of the package).
 */
function sharesPinmesh(file: string, generations = 1): boolean {
  return printedByFreshProcess(`
    ${importSketch}
    ${importLoader}
    let ancestor = await loadSketchFile(${JSON.stringify(file)});
    for (let up = 0; up < ${generations}; up++) ancestor = Object.getPrototypeOf(ancestor);
    console.log(JSON.stringify(ancestor === Sketch));
  `);
}

/** A TypeScript sketch class `name` whose loop() answers its name in lower case: its imports after pinmesh's, lines before the class, static members. */
function typedSketch(name: string, { imports = [], before = [], statics = [] }: { imports?: string[]; before?: string[]; statics?: string[] }): string {
  const members = [...statics.map((line) => `  ${line}`), '  override loop(): string {', `    return '${name.toLowerCase()}';`, '  }'];
  return ["import { Sketch } from 'pinmesh';", ...imports, ...before, `export default class ${name} extends Sketch {`, ...members, '}', ''].join('\n');
}

/** What `run` throws. */
function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Loads dynamic.ts (below) with the built loader in a fresh process: what its import()s gave, and how many times the file ran. */
function loadDynamic(file: string): { greeting: string; samePinmesh: boolean; loads: number } {
  return printedByFreshProcess(`
    ${importLoader}
    const Dynamic = await loadSketchFile(${JSON.stringify(file)});
    console.log(JSON.stringify({ greeting: await Dynamic.greeting, samePinmesh: await Dynamic.samePinmesh, loads: globalThis.dynamicLoads }));
  `);
}

/** A sketch whose loop() says which file it came from, in each way a file of that extension is written. */
function twin(file: string): string {
  const says = `    return 'from ${file}';`;
  // tsc's CommonJS output, as it writes twin.js beside twin.ts in the folder npm init -y makes.
  if (file.endsWith('.cjs') || file === 'emitted.js') return ['"use strict";', 'Object.defineProperty(exports, "__esModule", { value: true });', "const pinmesh_1 = require('pinmesh');", 'class Twin extends pinmesh_1.Sketch {', '  loop() {', says, '  }', '}', 'exports.default = Twin;', ''].join('\n');
  const override = /\.[cm]?ts$/.test(file) ? 'override ' : '';
  return ["import { Sketch } from 'pinmesh';", 'export default class Twin extends Sketch {', `  ${override}loop() {`, says, '  }', '}', ''].join('\n');
}

/** What the sketch loaded from `path` says: the file it came from. */
async function loadedFrom(path: string): Promise<string> {
  const Twin = await loadSketchFile(path);
  return (Object.create(Twin.prototype) as { loop(): string }).loop();
}

let work: string;
let installed: string;
let scratch: string;
let commonjs: string;
let commonjsInstalled: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'pinmesh-sketch-loading-'));
  // A maker's folder with pinmesh installed (a link to this clone, as `npm install /path/to/pinmesh` makes), and a scratch folder without it.
  installed = join(work, 'desk');
  scratch = join(work, 'scratch');
  await mkdir(join(installed, 'node_modules'), { recursive: true });
  await mkdir(scratch);
  commonjs = join(work, 'first-sketch');
  await mkdir(commonjs);
  await writeFile(join(commonjs, 'package.json'), '{ "name": "first-sketch", "type": "commonjs" }\n');
  for (const file of ['twin.ts', 'twin.js', 'emitted.ts', 'emitted.js', 'twin.cts', 'twin.cjs', 'twin.mts', 'twin.mjs']) {
    await writeFile(join(commonjs, file), twin(file));
  }
  await symlink(resolve('.'), join(installed, 'node_modules', 'pinmesh'), 'dir');
  // The getting-started folder: npm init -y's "type": "commonjs", pinmesh installed, the README's blink.ts.
  commonjsInstalled = join(work, 'lamp');
  await mkdir(join(commonjsInstalled, 'node_modules'), { recursive: true });
  await writeFile(join(commonjsInstalled, 'package.json'), '{ "name": "lamp", "type": "commonjs" }\n');
  await symlink(resolve('.'), join(commonjsInstalled, 'node_modules', 'pinmesh'), 'dir');
  await writeFile(join(commonjsInstalled, 'blink.ts'), blink.replace('setup() {', 'setup(): void {'));
  for (const dir of [installed, scratch]) {
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    await writeFile(join(dir, 'blink.mjs'), blink);
    await writeFile(join(dir, 'blink.ts'), blink.replace('setup() {', 'setup(): void {'));
  }
  await writeFile(join(installed, 'blink.js'), blink);
  // ES module ways a TypeScript sketch may lean on: strict mode, its own import.meta.url, a module run at each load; and a top-level await.
  await writeFile(
    join(installed, 'strict.ts'),
    [
      "import { Sketch } from 'pinmesh';",
      '// Outside the class, whose body is strict in any module: a function of the file.',
      'function count(): void {',
      '  // @ts-expect-error: a name never declared, as a typo makes it',
      '  undeclaredCount = 1;',
      '}',
      'export default class Strict extends Sketch {',
      '  override setup(): void {',
      '    count();',
      '  }',
      '  override loop(): string {',
      '    return import.meta.url;',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  // A package that exports only to `import` (no "require" condition, no main), as some ES module packages do.
  await mkdir(join(installed, 'node_modules', 'import-only'));
  await writeFile(join(installed, 'node_modules', 'import-only', 'package.json'), '{ "name": "import-only", "type": "module", "exports": { ".": { "import": "./index.js" } } }\n');
  await writeFile(join(installed, 'node_modules', 'import-only', 'index.js'), "export const greeting = 'hello from an import-only package';\n");
  await writeFile(
    join(installed, 'imports-esm-only.ts'),
    ["import { Sketch } from 'pinmesh';", "import { greeting } from 'import-only';", 'export default class Greets extends Sketch {', '  override loop(): string {', '    return greeting;', '  }', '}', ''].join('\n'),
  );
  await writeFile(
    join(installed, 'awaits.ts'),
    ["import { Sketch } from 'pinmesh';", "const word: string = await Promise.resolve('awaited');", 'export default class Awaits extends Sketch {', '  override loop(): string {', '    return word;', '  }', '}', ''].join('\n'),
  );
  // A syntax error on line 3, column 28 (the ';'), in the file or in a TypeScript file it imports; and JSON.parse's SyntaxError, thrown by the file's own code.
  const broken = "import { Sketch } from 'pinmesh';\nexport default class S extends Sketch {\n  setup() { const x = (1 + ; }\n}\n";
  await writeFile(join(installed, 'syntax.mjs'), broken);
  await writeFile(join(installed, 'syntax.js'), broken);
  await writeFile(join(installed, 'half.ts'), 'export const half: number = (1 + ;\n');
  await writeFile(join(installed, 'halves.mjs'), "import { Sketch } from 'pinmesh';\nimport { half } from './half.ts';\nexport default class Halves extends Sketch {\n  loop() {\n    return String(half);\n  }\n}\n");
  // The same mistake in a plain JavaScript file a sketch imports, nested one import deep, which Node's own import names no file for.
  await writeFile(join(installed, 'doubling.mjs'), 'export const double = (value) => (value * ;\n');
  await writeFile(join(installed, 'twice.mjs'), "export { double } from './doubling.mjs';\n");
  await writeFile(join(installed, 'doubles.mjs'), "import { Sketch } from 'pinmesh';\nimport { double } from './twice.mjs';\nexport default class Doubles extends Sketch {\n  loop(_channel, message) {\n    return String(double(Number(message)));\n  }\n}\n");
  await writeFile(join(installed, 'settings.mjs'), "import { Sketch } from 'pinmesh';\nconst settings = JSON.parse('{pin: 13}');\nexport default class Settings extends Sketch {\n  loop() {\n    return settings.pin;\n  }\n}\n");
  // Default imports of CommonJS modules (a package built by TypeScript, which sets __esModule; a plain one; a file of the folder's own), and of an ES module; import.meta.resolve.
  await mkdir(join(installed, 'node_modules', 'ts-built'));
  await writeFile(join(installed, 'node_modules', 'ts-built', 'package.json'), '{ "name": "ts-built", "main": "index.js" }\n');
  await writeFile(join(installed, 'node_modules', 'ts-built', 'index.js'), '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = "its exports.default";\n');
  await mkdir(join(installed, 'node_modules', 'plain-cjs'));
  await writeFile(join(installed, 'node_modules', 'plain-cjs', 'package.json'), '{ "name": "plain-cjs", "main": "index.js" }\n');
  await writeFile(join(installed, 'node_modules', 'plain-cjs', 'index.js'), "module.exports = function plain() {\n  return 'plain';\n};\n");
  // A package with a build for each, as TypeScript-built dual packages ship them (each folder's package.json saying only its type): an import takes the ES module's default, a require the CommonJS exports.default.
  const dual = join(installed, 'node_modules', 'dual-build');
  await mkdir(join(dual, 'esm'), { recursive: true });
  await mkdir(join(dual, 'cjs'));
  await writeFile(join(dual, 'package.json'), '{ "name": "dual-build", "exports": { "import": "./esm/index.js", "require": "./cjs/index.js" } }\n');
  await writeFile(join(dual, 'esm', 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(dual, 'esm', 'index.js'), "export default 'the ES module build';\n");
  await writeFile(join(dual, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
  await writeFile(join(dual, 'cjs', 'index.js'), '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = "the CommonJS build";\n');
  await writeFile(join(installed, 'built-by-tsc.cjs'), '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = "its exports.default";\n');
  await writeFile(join(installed, 'own-default.ts'), "export default 'own default';\n");
  await writeFile(
    join(installed, 'defaults.ts'),
    typedSketch('Defaults', {
      imports: ["import tsBuilt from 'ts-built';", "import plain from 'plain-cjs';", "import builtByTsc from './built-by-tsc.cjs';", "import ownDefault from './own-default.ts';", "import dualBuild from 'dual-build';"],
      statics: ['static readonly seen: Record<string, unknown> = { tsBuilt, plain, builtByTsc, ownDefault, dualBuild };'],
    }),
  );
  // An ES module package that default-imports ts-built, in both kinds of folder: Node reads it as an ES module whoever imports it.
  for (const dir of [installed, commonjsInstalled]) {
    if (dir !== installed) await cp(join(installed, 'node_modules', 'ts-built'), join(dir, 'node_modules', 'ts-built'), { recursive: true });
    await mkdir(join(dir, 'node_modules', 'esm-reads-ts-built'));
    await writeFile(join(dir, 'node_modules', 'esm-reads-ts-built', 'package.json'), '{ "name": "esm-reads-ts-built", "type": "module", "exports": "./index.js" }\n');
    await writeFile(join(dir, 'node_modules', 'esm-reads-ts-built', 'index.js'), "import tsBuilt from 'ts-built';\nexport const seen = tsBuilt;\n");
    await writeFile(join(dir, 'reads-through-package.ts'), typedSketch('ReadsThroughPackage', { imports: ["import { seen } from 'esm-reads-ts-built';"], statics: ['static readonly seen: unknown = seen;'] }));
  }
  // An ES module package split in chunks, as bundlers write them: a chunk it loads with import() shares a module with its entry.
  await mkdir(join(installed, 'node_modules', 'chunked'));
  await writeFile(join(installed, 'node_modules', 'chunked', 'package.json'), '{ "name": "chunked", "type": "module", "exports": "./index.js" }\n');
  await writeFile(join(installed, 'node_modules', 'chunked', 'shared.js'), 'export const state = {};\n');
  await writeFile(join(installed, 'node_modules', 'chunked', 'chunk.js'), "import { state } from './shared.js';\nexport const sharesState = (other) => other === state;\n");
  await writeFile(join(installed, 'node_modules', 'chunked', 'index.js'), "import { state } from './shared.js';\nexport const oneCopy = () => import('./chunk.js').then((chunk) => chunk.sharesState(state));\n");
  await writeFile(join(installed, 'uses-chunked.ts'), typedSketch('UsesChunked', { imports: ["import { oneCopy } from 'chunked';"], statics: ['static readonly oneCopy: Promise<boolean> = oneCopy();'] }));
  await cp(join(installed, 'node_modules', 'chunked'), join(commonjsInstalled, 'node_modules', 'chunked'), { recursive: true });
  // An ES module package that imports pinmesh itself (a helper written for it), in the folders without pinmesh.
  for (const dir of [scratch, commonjs]) {
    await mkdir(join(dir, 'node_modules', 'pinmesh-helper'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'pinmesh-helper', 'package.json'), '{ "name": "pinmesh-helper", "type": "module", "exports": "./index.js" }\n');
    await writeFile(join(dir, 'node_modules', 'pinmesh-helper', 'index.js'), "import { Sketch } from 'pinmesh';\nexport class HelpedSketch extends Sketch {}\n");
    await writeFile(join(dir, 'helped.ts'), "import { HelpedSketch } from 'pinmesh-helper';\nexport default class Helped extends HelpedSketch {\n  override loop(): string {\n    return 'helped';\n  }\n}\n");
  }
  await cp(join(installed, 'uses-chunked.ts'), join(commonjsInstalled, 'uses-chunked.ts'));
  // The same default imports, and a mistake after them (what the require route rewrites must leave every column where it was).
  await writeFile(
    join(installed, 'blamed-after-imports.ts'),
    typedSketch('BlamedAfterImports', {
      imports: ["import tsBuilt from 'ts-built';", "import plain from 'plain-cjs';", "import builtByTsc from './built-by-tsc.cjs';"],
      statics: ['static readonly seen: unknown[] = [tsBuilt, plain, builtByTsc];', "override setup(): void { if (BlamedAfterImports.seen.length) throw new Error('no LED on pin 99'); }"],
    }),
  );
  await writeFile(join(installed, 'resolves.ts'), typedSketch('Resolves', { statics: ["static readonly greetingUrl: string = import.meta.resolve('./greeting.ts');"] }));
  // import() at the top of a sketch, of a TypeScript file and of pinmesh, in both folders (Node's own import, with no TypeScript loader, refuses a .ts).
  // In the CommonJS folder without pinmesh, import('pinmesh') only: there Node 20's own import of a .ts has never had tsx's loader.
  for (const dir of [installed, scratch, commonjs]) {
    await writeFile(join(dir, 'greeting.ts'), "export const greeting: string = 'hello';\n");
    await writeFile(
      join(dir, 'dynamic.ts'),
      typedSketch('Dynamic', {
        before: ['const loads = globalThis as { dynamicLoads?: number };', 'loads.dynamicLoads = (loads.dynamicLoads ?? 0) + 1;'],
        statics: [
          dir === commonjs ? "static readonly greeting = Promise.resolve('hello');" : "static readonly greeting: Promise<string> = import('./greeting.ts').then((more) => more.greeting);",
          "static readonly samePinmesh: Promise<boolean> = import('pinmesh').then((pinmesh) => pinmesh.Sketch === Sketch);",
        ],
      }),
    );
  }
  // What Node's own import() meets in a CommonJS folder: a .ts it reads as CommonJS (Node 24), or cannot read (Node 20).
  await writeFile(
    join(commonjs, 'greets-later.ts'),
    typedSketch('GreetsLater', { statics: ["override async setup(): Promise<void> { await import('./greeting.ts'); }"] }),
  );
  await writeFile(join(installed, 'greeter.mjs'), "import { Sketch } from 'pinmesh';\nimport { greeting } from './greeting.ts';\nexport default class Greeter extends Sketch {\n  loop() {\n    return greeting;\n  }\n}\n");
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a plain JavaScript sketch', () => {
  it('that finds its own pinmesh (.mjs, or .js in a "type": "module" folder) is loaded with no module hooks', () => {
    assert.deepEqual(loadCountingHooks(join(installed, 'blink.mjs')), { hooks: 0, inLoaderThread: 0, name: 'Blink' });
    assert.deepEqual(loadCountingHooks(join(installed, 'blink.js')), { hooks: 0, inLoaderThread: 0, name: 'Blink' });
  });

  it('where pinmesh is not installed gets the running copy through the resolve hook alone, with no TypeScript loader', () => {
    const { hooks, inLoaderThread, name } = loadCountingHooks(join(scratch, 'blink.mjs'));
    assert.equal(name, 'Blink');
    // tsx's registration was two more (its own, and the resolve hook again ahead of it): 0.15 s of CPU on Node 20.
    assert.equal(hooks, 1, 'the resolve hook, and nothing else');
    if (hooksInThread) assert.equal(inLoaderThread, 0, 'where Node can, in the importing thread: no loader thread to start and wait on');
    assert.ok(sharesPinmesh(join(scratch, 'blink.mjs')), 'the running copy: the command’s Sketch, one copy of the package');
  });

  it('loaded with no hooks, its mistakes are still named with its file and line', async () => {
    const file = join(installed, 'blink.mjs');
    const Blink = await loadSketchFile(file);
    const sketch = Object.create(Blink.prototype) as { setup(): void };
    let thrown: unknown;
    try {
      sketch.setup();
    } catch (error) {
      thrown = error;
    }
    const blamed = blameSketch(thrown, 'in setup()');
    assert.ok(blamed, 'blamed on the sketch');
    assert.match(blamed.message, /blink\.mjs/);
    assert.match(blamed.message, /in setup\(\) at line 4, column 11/);
    assert.match(blamed.message, /no LED on pin 99/);
  });

  it('that imports a TypeScript file still loads, through the TypeScript loader', async () => {
    const Greeter = await loadSketchFile(join(installed, 'greeter.mjs'));
    const sketch = Object.create(Greeter.prototype) as { loop(): string };
    assert.equal(sketch.loop(), 'hello');
  });
});

describe('a syntax error', () => {
  /** What loading `path` is refused with. */
  async function refusal(path: string): Promise<string> {
    const error = await loadSketchFile(path).then(
      () => assert.fail(`${path} loaded`),
      (refused: unknown) => refused,
    );
    assert.ok(error instanceof UserError, String(error));
    return error.message;
  }

  it("in a plain JavaScript sketch Node imports itself: one line with the line and column, in the words of every other loader", async () => {
    for (const name of ['syntax.mjs', 'syntax.js']) {
      const path = join(installed, name);
      assert.equal(await refusal(path), `sketch ${path} has a syntax error at line 3, column 28: Unexpected ";"`);
    }
  });

  it('in a TypeScript file the sketch imports: that file is named, with its line and column', async () => {
    assert.match(await refusal(join(installed, 'halves.mjs')), /halves\.mjs imports \S*half\.ts, which has a syntax error at line 1, column 34: Unexpected ";"$/);
  });

  it('in a plain JavaScript file the sketch imports, which Node loads itself and names no file for: that file is named, with its line and column', async () => {
    assert.match(await refusal(join(installed, 'doubles.mjs')), /doubles\.mjs imports \S*doubling\.mjs, which has a syntax error at line 1, column 43: Unexpected ";"$/);
  });

  it('in --json, the error event says where, as a sketch that throws does: at file:line:column', async () => {
    const run = await runCli(['run', 'doubles.mjs', '--board', 'mock', '--port', String(await freePort()), '--json'], { cwd: installed });
    assert.equal(run.code, 1, run.stderr);
    const error = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; at?: string; scope?: string }).find((event) => event.event === 'error');
    assert.equal(error?.scope, 'command', run.stdout);
    assert.equal(error?.at, 'doubling.mjs:1:43', run.stdout);
  });

  it("is not what a SyntaxError the sketch's own code throws is (JSON.parse's): that one is blamed on its line", async () => {
    assert.match(await refusal(join(installed, 'settings.mjs')), /settings\.mjs failed while loading at line 2, column \d+: .*JSON/);
  });
});

describe('a TypeScript sketch', () => {
  it("imports the same pinmesh as the command that loads it: one copy of the package, not a second one under the TypeScript loader", () => {
    assert.equal(sharesPinmesh(join(installed, 'blink.ts')), true);
    assert.equal(sharesPinmesh(join(scratch, 'blink.ts')), true, 'where pinmesh is not installed, the running copy');
  });

  it('in a CommonJS folder (npm init -y), loaded through tsx’s require, imports the same pinmesh too', () => {
    assert.equal(sharesPinmesh(join(commonjsInstalled, 'blink.ts')), true, 'pinmesh installed beside it');
    assert.equal(sharesPinmesh(join(commonjs, 'twin.ts')), true, 'where pinmesh is not installed, the running copy');
  });

  it('where pinmesh is not installed, an ES module package it imports that imports pinmesh gets the running copy too', () => {
    for (const dir of [scratch, commonjs]) {
      // Helped extends HelpedSketch, the package's, which extends Sketch.
      assert.equal(sharesPinmesh(join(dir, 'helped.ts'), 2), true, dir);
    }
  });

  it('starts no loader thread on any Node, with pinmesh beside it or not, in an ES module folder or a CommonJS one (Node 20: through tsx’s require, in this thread)', () => {
    for (const file of [join(installed, 'blink.ts'), join(commonjsInstalled, 'blink.ts'), join(scratch, 'blink.ts'), join(commonjs, 'twin.ts')]) {
      const { inLoaderThread, name } = loadCountingHooks(file);
      assert.match(name, /^(Blink|Twin)$/, file);
      assert.equal(inLoaderThread, 0, `${file}: no module.register (a loader thread cost every start of a .ts sketch 0.1–0.3 s of CPU on Node 20)`);
    }
  });

  it('that imports with import() gets what it asks for, and runs once: a TypeScript file, and pinmesh where it is not beside the sketch (Node 20: such a sketch is loaded with the module hooks)', () => {
    for (const dir of [installed, scratch, commonjs]) {
      // In a fresh process each, with no hook registered by an earlier load.
      const { greeting, samePinmesh, loads } = loadDynamic(join(dir, 'dynamic.ts'));
      assert.equal(greeting, 'hello', `${dir}: import('./greeting.ts')`);
      assert.equal(samePinmesh, true, `${dir}: import('pinmesh') is the pinmesh the sketch extends`);
      assert.equal(loads, 1, `${dir}: the file ran once`);
    }
  });

  it("in a CommonJS folder, that import()s a TypeScript file in setup(), is told to import it statically or make the folder an ES module one, as its own mistake, in Node's place", async () => {
    const run = await runCli(['run', 'greets-later.ts', '--port', String(await freePort())], { cwd: commonjs });
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /^pinmesh: your sketch greets-later\.ts failed in setup\(\): it cannot import\(\) greeting\.ts, a TypeScript file, from a CommonJS folder: import it statically \(import \{ … \} from '\.\/greeting\.js'\), or make the folder an ES module one \("type": "module" in its package\.json\)$/m,
    );
    assert.ok(hasNoStackTrace(run.stderr), run.stderr);
  });

  it('is an ES module whichever way it is loaded: strict, with its own import.meta.url, run again at each load', async () => {
    const path = join(installed, 'strict.ts');
    const first = await loadSketchFile(path);
    const again = await loadSketchFile(path);
    assert.notEqual(again, first, 'a fresh module at each load, as a fresh import is');
    const sketch = Object.create(again.prototype) as { setup(): void; loop(): string };
    assert.throws(() => sketch.setup(), (error: unknown) => error instanceof ReferenceError && /undeclaredCount is not defined/.test(error.message), 'strict: a typo throws, it makes no global');
    assert.equal((globalThis as { undeclaredCount?: number }).undeclaredCount, undefined);
    assert.ok(sketch.loop().startsWith(pathToFileURL(path).href), sketch.loop());
  });

  it("imports a CommonJS module's default as Node's import does, its whole module.exports (a TypeScript-built module's __esModule notwithstanding), as does an ES module package it imports from either kind of folder; an ES module's default is its export default; import.meta.resolve is there", async () => {
    const Defaults = (await loadSketchFile(join(installed, 'defaults.ts'))) as unknown as { seen: Record<string, unknown> };
    const { tsBuilt, plain, builtByTsc, ownDefault, dualBuild } = Defaults.seen;
    assert.equal((tsBuilt as { default?: unknown }).default, 'its exports.default', 'a package built by TypeScript: its module.exports, not its exports.default');
    assert.equal((builtByTsc as { default?: unknown }).default, 'its exports.default', "a .cjs file of the folder's own, the same");
    assert.equal((plain as () => string)(), 'plain');
    assert.equal(ownDefault, 'own default');
    // Node 24 imports the ES module build; Node 20's require route takes the CommonJS one: its exports.default, the build's default either way.
    assert.match(String(dualBuild), /^the (ES module|CommonJS) build$/, 'a package with a build for import: its default export');
    for (const dir of [installed, commonjsInstalled]) {
      const ReadsThroughPackage = (await loadSketchFile(join(dir, 'reads-through-package.ts'))) as unknown as { seen: { default?: unknown } };
      assert.equal(ReadsThroughPackage.seen.default, 'its exports.default', `${dir}: an ES module package the sketch imports reads it so too`);
    }
    // Read through that, a mistake is still blamed on its line and column (Node's own import's: where `new Error` is).
    const Blamed = await loadSketchFile(join(installed, 'blamed-after-imports.ts'));
    const blamed = blameSketch(thrownBy(() => (Object.create(Blamed.prototype) as { setup(): void }).setup()), 'in setup()');
    const lines = readFileSync(join(installed, 'blamed-after-imports.ts'), 'utf8').split('\n');
    const at = lines.findIndex((text) => text.includes('new Error'));
    assert.match(blamed?.message ?? '', new RegExp(`in setup\\(\\) at line ${at + 1}, column ${lines[at]!.indexOf('new Error') + 1}: no LED on pin 99`));
    const Resolves = (await loadSketchFile(join(installed, 'resolves.ts'))) as unknown as { greetingUrl: string };
    assert.ok(Resolves.greetingUrl.startsWith(pathToFileURL(join(installed, 'greeting.ts')).href), Resolves.greetingUrl);
  });

  it('imports an ES module package split in chunks as one package, from either kind of folder: a chunk it loads with import() shares its modules with the rest (Node loads the package itself)', async () => {
    for (const dir of [installed, commonjsInstalled]) {
      const UsesChunked = (await loadSketchFile(join(dir, 'uses-chunked.ts'))) as unknown as { oneCopy: Promise<boolean> };
      assert.equal(await UsesChunked.oneCopy, true, dir);
    }
  });

  it('with a top-level await is loaded once the await is done', async () => {
    const Awaits = await loadSketchFile(join(installed, 'awaits.ts'));
    assert.equal((Object.create(Awaits.prototype) as { loop(): string }).loop(), 'awaited');
  });

  it('imports a package that exports only to import (on Node 20 a require cannot, and the import takes over)', async () => {
    const Greets = await loadSketchFile(join(installed, 'imports-esm-only.ts'));
    assert.equal((Object.create(Greets.prototype) as { loop(): string }).loop(), 'hello from an import-only package');
  });

  it('where Node runs module hooks in the importing thread, starts no loader thread (tsx and pinmesh both hook in-thread)', { skip: !hooksInThread && 'Node 20 has no module.registerHooks' }, () => {
    const { hooks, inLoaderThread, name } = loadCountingHooks(join(scratch, 'blink.ts'));
    assert.equal(name, 'Blink');
    assert.ok(hooks >= 2, `the TypeScript loader's hooks and pinmesh's resolve hook (${hooks})`);
    assert.equal(inLoaderThread, 0);
  });
});

describe('the file named is the file loaded, whatever lies beside it', () => {
  it('twin.js beside twin.ts in a CommonJS folder (tsc writes its output beside its source): twin.js', async () => {
    assert.equal(await loadedFrom(join(commonjs, 'emitted.js')), 'from emitted.js', "tsc's CommonJS output");
    assert.equal(await loadedFrom(join(commonjs, 'twin.js')), 'from twin.js', 'ES module syntax');
    assert.equal(await loadedFrom(join(commonjs, 'twin.ts')), 'from twin.ts');
  });

  it('twin.cjs beside twin.cts, twin.mjs beside twin.mts: each the one named', async () => {
    assert.equal(await loadedFrom(join(commonjs, 'twin.cjs')), 'from twin.cjs');
    assert.equal(await loadedFrom(join(commonjs, 'twin.cts')), 'from twin.cts');
    assert.equal(await loadedFrom(join(commonjs, 'twin.mjs')), 'from twin.mjs');
    assert.equal(await loadedFrom(join(commonjs, 'twin.mts')), 'from twin.mts');
  });
});

describe('a sketch file named without its extension, or with the wrong one', () => {
  it('is not loaded in its stead: the refusal names the file that is there', async () => {
    const greeter = join(installed, 'greeter');
    await assert.rejects(loadSketchFile(greeter), new UserError(`sketch file ${greeter} does not exist: did you mean ${greeter}.mjs?`));
    await assert.rejects(loadSketchFile(`${greeter}.ts`), new UserError(`sketch file ${greeter}.ts does not exist: did you mean ${greeter}.mjs?`));
    await assert.rejects(loadSketchFile(join(installed, 'nothing-like-it')), new UserError(`sketch file ${join(installed, 'nothing-like-it')} does not exist`));
  });
});
