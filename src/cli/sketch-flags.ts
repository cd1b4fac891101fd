import { InvalidArgumentError, Option, type Command } from 'commander';
import type { OptionsSchema } from '../schema.js';
import { optionFacts, type OptionFacts } from './option-facts.js';
import * as parse from './parse.js';

export interface SketchFlagOptions {
  /** Options that get no flag (e.g. the peers, which the circuit file wires). */
  skip?: (key: string, property: OptionFacts) => boolean;
  /** Flag names already taken on this command; a clash gets `prefix-` in front (`--buzzer-pin`). */
  taken?: Set<string>;
  prefix?: string;
}

/** Reads, after parsing, the options the person gave on the command line (not the defaults). */
export type GivenOptions = (command: Command) => Record<string, unknown>;

/**
 * Adds one flag per option of a sketch's schema, with the schema's description, range and default,
 * so the CLI and the sketch cannot disagree. Only flags the person actually gave override the
 * circuit file: the schema's defaults apply through the schema itself.
 */
export function addSketchFlags(command: Command, schema: OptionsSchema, options: SketchFlagOptions = {}): GivenOptions {
  const properties = optionFacts(schema.shape);
  const taken = options.taken ?? new Set(command.options.map((option) => option.long ?? ''));
  const bound: Array<{ key: string; attribute: string }> = [];
  for (const [key, property] of Object.entries(properties)) {
    if (options.skip?.(key, property)) continue;
    let long = `--${kebab(key)}`;
    if (taken.has(long) && options.prefix) long = `--${options.prefix}-${kebab(key)}`;
    taken.add(long);
    const option = new Option(`${property.short ? `-${property.short}, ` : ''}${long} ${placeholder(property)}`, property.description ?? key);
    if (property.enum) option.choices(property.enum.map(String));
    else if (property.type === 'number' || property.type === 'integer') option.argParser(numberParser(property, schema.shape[key] as Pick<OptionsSchema, 'safeParse'>));
    if (property.default !== undefined) option.default(property.default);
    command.addOption(option);
    bound.push({ key, attribute: option.attributeName() });
  }
  return (parsed) => {
    const given: Record<string, unknown> = {};
    for (const { key, attribute } of bound) {
      if (parsed.getOptionValueSource(attribute) === 'cli') given[key] = parsed.getOptionValue(attribute);
    }
    return given;
  };
}

/** The range first (a message that says it), then the schema's own checks (e.g. a pin that has PWM). */
function numberParser(property: OptionFacts, schema: Pick<OptionsSchema, 'safeParse'>): (value: string) => number {
  const inRange = parse.number({ integer: property.type === 'integer', min: property.minimum, max: property.maximum });
  return (value) => {
    const result = schema.safeParse(inRange(value));
    if (!result.success) throw new InvalidArgumentError(`${result.error.issues[0]!.message}.`);
    return result.data as number;
  };
}

function placeholder(property: OptionFacts): string {
  if (property.placeholder) return `<${property.placeholder}>`;
  if (property.peer) return '<node>';
  if (property.type === 'number' || property.type === 'integer') return '<n>';
  return '<text>';
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
