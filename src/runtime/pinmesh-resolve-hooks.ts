/**
 * ES module resolve hook (registered with module.register by find-pinmesh.ts): a sketch that imports
 * `pinmesh` where no copy is installed (a scratch folder, a global install) gets the running copy.
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
    return await next(specifier, context);
  } catch (error) {
    if (specifier === 'pinmesh' && entry && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return { url: entry, shortCircuit: true };
    throw error;
  }
}
