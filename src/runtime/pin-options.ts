import { listed, pinsFor, type PinCapabilities, type PinMode } from '../boards/capabilities.js';
import { UserError } from '../errors.js';
import { schemaMeta, type OptionsSchema } from '../schema.js';

/** A sketch's options schema as far as reading its options' `.meta({ pinMode })` goes (the sketch's file may bring its own zod). */
type PinOptionsSchema = Partial<Pick<OptionsSchema, 'shape'>>;

/** The options of a schema that name pins (sketches' `pinOption`), with the mode each is used as. */
export function pinOptionModes(options: PinOptionsSchema): Array<{ key: string; mode: PinMode }> {
  return Object.entries(options.shape ?? {}).flatMap(([key, schema]) => {
    const mode = schemaMeta(schema)?.pinMode as PinMode | undefined;
    return mode ? [{ key, mode }] : [];
  });
}

/**
 * Checks every pin a node's options name against the board it runs on, once that board answered:
 * its own capability report decides, not the Uno's table. The message names the node, the option,
 * what the report was, and the pins that would do.
 */
export function checkPinOptions(schema: PinOptionsSchema, options: Record<string, unknown>, board: PinCapabilities, node: string): void {
  for (const { key, mode } of pinOptionModes(schema)) {
    const pin = options[key];
    if (typeof pin !== 'number') continue;
    const modes = board.pinModes(pin);
    if (modes.includes(mode)) continue;
    const valid = pinsFor(board, mode);
    const choose = valid.length > 0 ? `choose ${listed(valid)}` : `it has no ${mode} pin`;
    const source = board.pinSource ? ` (${board.pinSource})` : '';
    throw new UserError(`bad option for ${node}: ${key}: pin ${pin} cannot be used as ${mode} on this board${source}: ${choose}`);
  }
}
