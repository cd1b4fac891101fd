import Module, { createRequire, register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../package-root.js';
import { resolveSync } from './pinmesh-resolve-hooks.js';

/** Whether the hooks are in: undefined until asked, false where the host refuses module hooks. */
let installed: boolean | undefined;

/**
 * Lets a person's sketch `import { Sketch } from 'pinmesh'` even where pinmesh is not installed next
 * to it (a scratch folder, `npm i -g pinmesh`): when the usual resolution finds no `pinmesh`, it gets
 * the copy that is running. A copy installed beside the sketch always wins. Covers ES modules (a
 * resolve hook) and CommonJS (`require`, which tsx uses for a .ts file in a CommonJS folder).
 * False where the host refuses Node's module hooks (jest's sandbox): the sketch is then the host's
 * to load (sketch-file.ts).
 */
export function letSketchesFindPinmesh(): boolean {
  if (installed !== undefined) return installed;
  try {
    registerResolveHooks();
  } catch {
    // A host that keeps its own module system refuses Node's hooks (jest: "module.register() is
    // not supported in Jest"); its own resolution finds the pinmesh installed beside the sketch.
    installed = false;
    return installed;
  }
  installed = true;
  letRequiresFindPinmesh();
  return installed;
}

/** Whether require() falls back to the running copy yet. */
let requiresFindIt = false;

/**
 * The CommonJS half of letSketchesFindPinmesh(), alone: a `require('pinmesh')` that finds no copy
 * gets the running one. It patches require's resolution in this thread and registers no module hook,
 * so on Node 20 it starts no loader thread (sketch-file.ts loads a TypeScript sketch through tsx's
 * require there, and asks for the import hook only when the require route gives way to an import).
 */
export function letRequiresFindPinmesh(): void {
  if (requiresFindIt) return;
  requiresFindIt = true;
  const entry = entryPath();
  const cjs = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolveFilename = cjs._resolveFilename;
  cjs._resolveFilename = function (request: string, ...rest: unknown[]): string {
    try {
      return resolveFilename.call(this, request, ...rest);
    } catch (error) {
      if (request === 'pinmesh' && !askingNode && (error as { code?: string }).code === 'MODULE_NOT_FOUND') return entry;
      throw error;
    }
  };
}

/**
 * The resolve hooks again, once, after the TypeScript loader's (tsx's) registration: the hooks
 * registered last run first, so a TypeScript sketch's `import 'pinmesh'` is resolved before tsx
 * marks it as its own, and the sketch shares the package with the running command instead of
 * loading a second copy of it (see pinmesh-resolve-hooks.ts).
 */
let aheadOfTsx = false;
export function keepPinmeshShared(): void {
  if (aheadOfTsx || installed !== true) return;
  aheadOfTsx = true;
  registerResolveHooks();
}

/**
 * In the importing thread where Node has module.registerHooks (22.15 and later): tsx registers its
 * own there too, and a hook registered after them runs first. Elsewhere (Node 20) with
 * module.register, whose hooks run in a thread of their own that every import then waits on
 * (starting it took 0.1 s of CPU and 0.14 s of a sketch's start on Node 24).
 */
function registerResolveHooks(): void {
  if (hooksRunInThisThread()) {
    (Module as unknown as ModuleWithHooks).registerHooks({ resolve: resolveSync(entryUrl()) });
    return;
  }
  // The hooks module beside this one: .js when built, .ts when run from source under tsx (Node 24
  // resolves a registered hooks module without tsx's .js-to-.ts mapping).
  const hooks = `./pinmesh-resolve-hooks${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`;
  register(new URL(hooks, import.meta.url), { data: { entry: entryUrl() } });
}

type ModuleWithHooks = { registerHooks: (hooks: { resolve: ReturnType<typeof resolveSync> }) => unknown };

/** Whether this Node runs module hooks in the importing thread (module.registerHooks, Node 22.15 and later). */
export function hooksRunInThisThread(): boolean {
  return typeof (Module as unknown as Partial<ModuleWithHooks>).registerHooks === 'function';
}

/** The running copy's entry, what a sketch gets for `pinmesh` where none is installed. */
function entryPath(): string {
  return join(packageRoot(), 'dist', 'lib', 'index.js');
}

function entryUrl(): string {
  return pathToFileURL(entryPath()).href;
}

/** Whether `import 'pinmesh'` in this file finds a copy without help (the resolve hook, require's fallback). */
export function pinmeshIsInstalledFor(path: string): boolean {
  askingNode = true;
  try {
    createRequire(path).resolve('pinmesh');
    return true;
  } catch {
    return false;
  } finally {
    askingNode = false;
  }
}

/** While pinmeshIsInstalledFor() asks Node's own resolution, require's fallback stays out of it. */
let askingNode = false;
