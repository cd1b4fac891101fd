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
 * the branch the value was meant for (an object's own mistake, not "Invalid input"), with its path.
 */
export function explainingIssue(issues: readonly Issue[]): Issue {
  const chosen = issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0]!;
  if (chosen.code !== 'invalid_union') return chosen;
  const meant = chosen.errors.find((branch) => branch.length > 0 && !branch.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0));
  if (!meant) return chosen;
  const inner = explainingIssue(meant);
  return { ...inner, path: [...chosen.path, ...inner.path] } as Issue;
}
