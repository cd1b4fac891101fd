/**
 * ES module resolve hook (registered by find-pinmesh.ts: in the importing thread where Node can, else
 * with module.register): a sketch that imports `pinmesh` where no copy is installed (a scratch folder,
 * a global install) gets the running copy.
 *
 * And `pinmesh` stays one module: tsx marks what a TypeScript sketch imports with its namespace
 * (`?tsx-namespace=…`), and a URL with a query is a module of its own, so the sketch's pinmesh would be a
 * second copy of the whole package beside the command's (about 0.1 s of CPU to load, and two copies
 * of every class). pinmesh is JavaScript, which tsx need not touch: its URL is handed on without the mark.
 * (Registered again after tsx's hooks, so this runs first; otherwise tsx marks it after this.)
 */
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

let entry: string | undefined;

export function initialize(data: { entry: string }): void {
  entry = data.entry;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; shortCircuit?: boolean }> {
  try {
    return shared(specifier, await next(specifier, context));
  } catch (error) {
    return runningCopy(specifier, error, entry);
  }
}

/**
 * The same hook for module.registerHooks (Node 22.15 and later), which runs in the importing thread
 * and synchronously: tsx registers its hooks that way where it can, and those run before any
 * registered with module.register.
 */
export function resolveSync(entryUrl: string): (specifier: string, context: ResolveContext, next: (specifier: string, context: ResolveContext) => { url: string }) => { url: string; shortCircuit?: boolean } {
  return (specifier, context, next) => {
    try {
      return shared(specifier, next(specifier, context));
    } catch (error) {
      return runningCopy(specifier, error, entryUrl);
    }
  };
}

/** Whether an import or require names pinmesh itself (`pinmesh`, `pinmesh/testing`…). */
export function namesPinmesh(specifier: string): boolean {
  return specifier === 'pinmesh' || specifier.startsWith('pinmesh/');
}

/** pinmesh's URL without tsx's mark; any other as it is. */
function shared<R extends { url: string }>(specifier: string, resolved: R): R {
  return namesPinmesh(specifier) ? { ...resolved, url: withoutTsxNamespace(resolved.url) } : resolved;
}

/** `pinmesh` found nowhere: the running copy. Any other failure stands. */
function runningCopy(specifier: string, error: unknown, entryUrl: string | undefined): { url: string; shortCircuit: true } {
  if (specifier === 'pinmesh' && entryUrl && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return { url: entryUrl, shortCircuit: true };
  throw error;
}

function withoutTsxNamespace(url: string): string {
  if (!url.startsWith('file:') || !url.includes('tsx-namespace=')) return url;
  const parsed = new URL(url);
  parsed.searchParams.delete('tsx-namespace');
  return parsed.href;
}
