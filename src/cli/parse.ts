import { InvalidArgumentError } from 'commander';

interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** A commander argument parser for a number within bounds, with a message that says what fits. */
export function number(rule: NumberRule = {}): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    const fits =
      value.trim() !== '' &&
      Number.isFinite(parsed) &&
      (!rule.integer || Number.isInteger(parsed)) &&
      (rule.min === undefined || parsed >= rule.min) &&
      (rule.max === undefined || parsed <= rule.max);
    if (!fits) throw new InvalidArgumentError(`expected ${describe(rule)}, got "${value}".`);
    return parsed;
  };
}

export const port = number({ integer: true, min: 0, max: 65535 });
export const pin = number({ integer: true, min: 0, max: 19 });

function describe({ min, max, integer }: NumberRule): string {
  const kind = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  return kind;
}

/** `-o key=value` for a user's sketch: numbers and true/false become values, the rest stay text. */
export function keyValue(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}".`);
  const key = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  if (raw === 'true' || raw === 'false') parsed = raw === 'true';
  else if (raw.trim() !== '' && Number.isFinite(Number(raw))) parsed = Number(raw);
  return { ...previous, [key]: parsed };
}
