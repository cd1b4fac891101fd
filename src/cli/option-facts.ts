/**
 * What a flag needs to know of one option of a sketch's schema (its type, range, choices, default,
 * description and pinmesh's metadata), read from the schema's definition as zod documents it for
 * library authors (`schema._zod.def`), for any zod 4 schema: pinmesh's zod/mini ones and a person's
 * classic ones alike. (zod's toJSONSchema gives the same facts, but loads 43 KB of code that only
 * this would use, and took 3.5 ms of every start.)
 */
import { schemaMeta } from '../schema.js';

export interface OptionFacts {
  type?: 'number' | 'integer' | 'string' | 'boolean';
  /** Inclusive bounds; an exclusive one is left to the schema's own check. */
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  /** pinmesh's metadata (option()'s `meta`): */
  short?: string;
  peer?: boolean;
  /** The flag's value in help: `--hold <ms>`. */
  placeholder?: string;
}

interface Definition {
  type: string;
  innerType?: unknown;
  in?: unknown;
  defaultValue?: unknown;
  entries?: Record<string, unknown>;
  values?: unknown[];
  checks?: unknown[];
  format?: string;
  check?: string;
  value?: unknown;
  inclusive?: boolean;
}

/** The facts of each option of an object schema (`schema.shape`), by key. */
export function optionFacts(shape: Record<string, unknown>): Record<string, OptionFacts> {
  const facts: Record<string, OptionFacts> = {};
  for (const [key, schema] of Object.entries(shape)) facts[key] = factsOf(schema);
  return facts;
}

function factsOf(schema: unknown): OptionFacts {
  const facts: OptionFacts = {};
  // The outer layers first (default(), optional(), a pipe's input): their metadata wins over the inner ones'.
  const metas: Array<Record<string, unknown>> = [];
  let layer = schema;
  for (let depth = 0; depth < 16 && layer !== undefined; depth++) {
    const def = definitionOf(layer);
    if (def === undefined) break;
    const meta = schemaMeta(layer);
    if (meta) metas.push(meta);
    if (def.type === 'default' || def.type === 'prefault') {
      if (!('default' in facts)) facts.default = def.defaultValue;
      layer = def.innerType;
    } else if (def.type === 'optional' || def.type === 'nullable' || def.type === 'readonly' || def.type === 'nonoptional' || def.type === 'catch') {
      layer = def.innerType;
    } else if (def.type === 'pipe') {
      layer = def.in;
    } else {
      readBase(def, facts);
      break;
    }
  }
  for (const meta of metas.reverse()) Object.assign(facts, pinmeshMeta(meta));
  return facts;
}

function readBase(def: Definition, facts: OptionFacts): void {
  switch (def.type) {
    case 'number': {
      const checks = (def.checks ?? []).map(checkOf).filter((check) => check !== undefined);
      const integer = isIntFormat(def.format) || checks.some((check) => check.check === 'number_format' && isIntFormat(check.format));
      facts.type = integer ? 'integer' : 'number';
      for (const check of checks) {
        if (!check.inclusive || typeof check.value !== 'number') continue;
        if (check.check === 'greater_than') facts.minimum = Math.max(facts.minimum ?? -Infinity, check.value);
        if (check.check === 'less_than') facts.maximum = Math.min(facts.maximum ?? Infinity, check.value);
      }
      return;
    }
    case 'string':
    case 'boolean':
      facts.type = def.type;
      return;
    case 'enum':
    case 'literal':
      facts.enum = def.type === 'enum' ? Object.values(def.entries ?? {}) : [...(def.values ?? [])];
      if (facts.enum.every((value) => typeof value === 'string')) facts.type = 'string';
      return;
  }
}

function pinmeshMeta(meta: Record<string, unknown>): OptionFacts {
  const facts: OptionFacts = {};
  if (typeof meta.description === 'string') facts.description = meta.description;
  if (typeof meta.short === 'string') facts.short = meta.short;
  if (typeof meta.placeholder === 'string') facts.placeholder = meta.placeholder;
  if (typeof meta.peer === 'boolean') facts.peer = meta.peer;
  return facts;
}

/** A check's definition (`z.minimum(0)`: { check: 'greater_than', value: 0, inclusive: true }). */
function checkOf(value: unknown): Definition | undefined {
  const def = (value as { _zod?: { def?: unknown } } | null | undefined)?._zod?.def;
  return def !== null && typeof def === 'object' && typeof (def as { check?: unknown }).check === 'string' ? (def as Definition) : undefined;
}

const isIntFormat = (format: unknown) => typeof format === 'string' && format.includes('int');

function definitionOf(value: unknown): Definition | undefined {
  const def = (value as { _zod?: { def?: unknown } } | null | undefined)?._zod?.def;
  return def !== null && typeof def === 'object' && typeof (def as { type?: unknown }).type === 'string' ? (def as Definition) : undefined;
}
