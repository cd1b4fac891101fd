import Module from 'node:module';
import { hooksRunInThisThread, pinmeshIsInstalledFor } from './find-pinmesh.js';
import { namesPinmesh } from './pinmesh-resolve-hooks.js';
import { keepingEsModuleSemantics } from './es-module-semantics.js';
import { sketchModuleFormat } from './sketch-module-format.js';

/**
 * Loads a sketch file Node treats as CommonJS (a .ts or .js in the folder `npm init -y` makes, a .cts
 * or .cjs) through tsx's require, so its stack frames name the file and its own lines, ES module
 * syntax and the TypeScript files it imports work, and its `require('pinmesh')` gets the ES module
 * package itself (Node's require of an ES module). tsx's import would hand such a file to Node as a data: URL of
 * minified code, with no file and no true line.
 *
 * The file loaded is the file named. tsx's require resolves the way TypeScript's imports are written,
 * `./twin.js` meaning twin.ts: asked for twin.js it loads twin.ts when there is one, and twin.cts
 * for twin.cjs, which is right for an import inside a sketch and wrong for the sketch itself (tsc
 * writes twin.js beside twin.ts: `pinmesh run twin.js` ran the source instead). So the sketch's own
 * path is not given to tsx's resolution; what the sketch imports still is.
 *
 * tsx compiles the ES modules the sketch imports too (a .mts of its own, an ES module package): those
 * keep an ES module's semantics (es-module-semantics.ts); the CommonJS sketch itself is compiled as tsc would.
 */
export function requireSketch(path: string, around: Around = (load) => load()): Promise<unknown> {
  return requireNamed(path, (load) => around(() => keepingEsModuleSemantics(load)));
}

/** What a require runs inside (sketch-file.ts's refusal of what only an import has, on Node 20 without hooks). */
export type Around = (load: () => unknown) => unknown;

/**
 * An ES module sketch (a .mts, a .ts under "type": "module") through the same require, as an import
 * would load it: kept to an ES module's semantics (es-module-semantics.ts), and run again at each load, as the import's
 * fresh query does (a test file loads one sketch again and again; what the sketch imports is shared).
 * A file with a top-level await, which CommonJS cannot hold, is refused by tsx before any of it
 * runs (ERR_REQUIRE_ASYNC_MODULE): the caller then imports it.
 */
export function requireEsModuleSketch(path: string, around: Around = (load) => load()): Promise<unknown> {
  const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
  for (const key of Object.keys(cache)) if (key.split('?')[0] === path) delete cache[key];
  return requireNamed(path, (load) => around(() => keepingEsModuleSemantics(load)));
}

/** The sketch at `path` through tsx's require, its own path kept from tsx's resolution (above); `run` runs the require. */
async function requireNamed(path: string, run: Around): Promise<unknown> {
  const load = await sketchRequire();
  named = path;
  // Node 20 runs the resolve hook in its own thread, which its require of an ES module never asks: there
  // an ES module package's `import 'pinmesh'` finds the running copy only compiled by tsx (require's
  // resolution then answers it), so packages stay tsx's where pinmesh is not beside the sketch.
  packagesToNode = hooksRunInThisThread() || pinmeshIsInstalledFor(path);
  try {
    return run(() => load(path, import.meta.url));
  } finally {
    named = undefined;
  }
}

/** One tsx registration for the process (tsx's own `require` makes one too, at its first call), kept: a namespace never touches Node's own require. */
let loader: ((id: string, fromFile: string) => unknown) | undefined;
/** The sketch file being required now, until its own path is resolved. */
let named: string | undefined;
/** Whether the ES module packages of the sketch being required go to Node's own require (below). */
let packagesToNode = false;

async function sketchRequire(): Promise<(id: string, fromFile: string) => unknown> {
  if (loader) return loader;
  const { register } = await import('tsx/cjs/api');
  loader = register({ namespace: 'pinmesh-sketch-require' }).require;
  // Above tsx's resolution (registered just now), so it is asked first.
  const cjs = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolveFilename = cjs._resolveFilename;
  cjs._resolveFilename = function (request: string, ...rest: unknown[]): string {
    // tsx asks for the path with its namespace as a query (`/dir/twin.js?namespace=…`): that, as it is.
    if (named !== undefined && request.split('?')[0] === named) {
      named = undefined;
      return request;
    }
    const resolved = resolveFilename.call(this, request, ...rest);
    // pinmesh is JavaScript, which tsx need not touch (as pinmesh-resolve-hooks.ts does for imports):
    // its file without tsx's namespace, so Node's require of an ES module hands the sketch the copy
    // the command already loaded. With the namespace, tsx compiled the whole bundle again into a
    // second copy for the sketch (about 0.2 s of CPU, and two of every class).
    // An ES module package's JavaScript likewise goes to Node's own require of an ES module, which loads
    // it and what it imports as Node's import would: compiled by tsx into CommonJS, a chunk the package
    // loads with import() was a second copy of the modules it shares with the rest.
    return namesPinmesh(request) || isPackageEsModule(resolved) ? resolved.split('?')[0]! : resolved;
  };
  return loader;
}

/** A JavaScript ES module under node_modules, where this Node's require loads ES modules (20.19 and later). */
function isPackageEsModule(resolved: string): boolean {
  const path = resolved.split('?')[0]!;
  return (
    packagesToNode &&
    (process.features as { require_module?: boolean }).require_module === true &&
    /[\\/]node_modules[\\/]/.test(path) &&
    /\.m?js$/.test(path) &&
    sketchModuleFormat(path) === 'module'
  );
}
