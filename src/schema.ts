/** What pinmesh's schemas share: an option's shape, and reading any zod 4 schema's metadata. */
import * as z from './zod.js';

/** A sketch's `static options` as pinmesh uses it: an object schema from zod/mini (the built-ins) or zod (a person's sketch). */
export interface OptionsSchema {
  readonly shape: Record<string, unknown>;
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: z.core.$ZodIssue[] } };
}

/** A text that is not empty: a name, a path, a URL. */
export const nonEmptyText = z.string().check(z.minLength(1));

/** An option with a default, described for `--help` and the circuit file's reader (`meta`: a flag's `placeholder`, `short`, a `peer`…). */
export function option<T extends z.ZodMiniType>(schema: T, fallback: z.output<T>, description: string, meta?: Record<string, unknown>) {
  return z._default(schema, fallback as never).check(z.describe(description), ...(meta ? [z.meta(meta)] : []));
}

/**
 * What a schema was registered with (`.meta({…})`, `.describe(…)`, or the `z.meta`/`z.describe`
 * checks), whichever copy of zod 4 made it: they share one registry (it lives on globalThis).
 */
export function schemaMeta(schema: unknown): Record<string, unknown> | undefined {
  return z.globalRegistry.get(schema as z.ZodMiniType) as Record<string, unknown> | undefined;
}

type Issue = z.core.$ZodIssue;

/**
 * The issue of a failed parse that tells a person what to fix. A misspelt key first (`"step"`
 * explains the missing `"steps"`); within a union (`"broker"`: a URL or an object), the issue of
 * the branch the value was meant for (an object's own mistake, not "Invalid input"), with its path;
 * but a union given its own message (`a level is 0 or 1`) says it, not a branch's "expected 0".
 */
export function explainingIssue(issues: readonly Issue[]): Issue {
  const chosen = issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0]!;
  if (chosen.code !== 'invalid_union' || hasOwnMessage(chosen)) return chosen;
  const meant = chosen.errors.find((branch) => branch.length > 0 && !branch.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0));
  if (!meant) return chosen;
  const inner = explainingIssue(meant);
  return { ...inner, path: [...chosen.path, ...inner.path] } as Issue;
}

/** Whether the schema gave `issue` a message of its own (`{ error }`), rather than zod's (the locale's). */
function hasOwnMessage(issue: Issue): boolean {
  const said = z.config().localeError?.(issue as never);
  const fallback = typeof said === 'string' ? said : said?.message;
  return fallback !== undefined && issue.message !== fallback;
}

/**
 * The keys an object at `path` inside `schema` takes (`["broker"]`: url, fleet, keepalive, …),
 * through records, unions, optionals and defaults: what a misspelt key there was meant to be. None
 * where no object is.
 */
export function objectKeysAt(schema: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
      return objectKeysAt(def.innerType, path);
    case 'union':
      return [...new Set(def.options.flatMap((option) => objectKeysAt(option, path)))];
    case 'record':
      return path.length === 0 ? [] : objectKeysAt(def.valueType, path.slice(1));
    case 'object': {
      if (path.length === 0) return Object.keys(def.shape);
      const field = def.shape[String(path[0])];
      return field === undefined ? [] : objectKeysAt(field, path.slice(1));
    }
    default:
      return [];
  }
}
