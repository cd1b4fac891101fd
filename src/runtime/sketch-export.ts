import { UserError } from '../errors.js';
import type { SketchClass } from './sketch.js';

const example = 'export default class MySketch extends Sketch { loop(channel, message) { … } }';

/**
 * The sketch class a loaded sketch module exports, or the UserError that says what it lacks: no
 * default export, a default export that is not a class, or a class without loop(). Duck-typed: the
 * file may import 'pinmesh' from another copy than the one running it.
 */
export function sketchClassOf(module: unknown, file: string): SketchClass<any> {
  const exported = defaultExport(module);
  if (exported === undefined) throw new UserError(`sketch ${file} has no default export: export its class from 'pinmesh' as ${example}`);
  if (typeof exported !== 'function' || !exported.prototype) {
    throw new UserError(`sketch ${file} exports ${describe(exported)} by default, not a class: export its sketch class as ${example}`);
  }
  if (typeof exported.prototype.loop !== 'function') {
    const name = exported.name ? `class ${exported.name}` : 'default export class';
    throw new UserError(`sketch ${file}: ${name} has no loop() method: add loop(channel, message) { … }, whose return value is each message's reply`);
  }
  return exported as SketchClass<any>;
}

/** `export default` of an ES module, of one compiled to CommonJS, or a CommonJS `module.exports`. */
function defaultExport(module: unknown): unknown {
  if (typeof module === 'function') return module;
  if (typeof module !== 'object' || module === null) return undefined;
  let exported = (module as { default?: unknown }).default;
  // A CommonJS module imported as an ES module arrives wrapped once more.
  if (typeof exported === 'object' && exported !== null && 'default' in exported) exported = (exported as { default?: unknown }).default;
  return exported;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
