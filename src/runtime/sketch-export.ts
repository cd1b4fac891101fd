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
  if (exported === undefined) {
    const named = namedClass(module);
    const fix = named ? `: write export default class ${named} (it exports ${named} by name)` : `: export its class from 'pinmesh' as ${example}`;
    throw new UserError(`sketch ${file} has no default export${fix}`);
  }
  if (typeof exported !== 'function' || !exported.prototype || !isClass(exported)) {
    throw new UserError(`sketch ${file} exports ${describe(exported)} by default, not a class: export its sketch class as ${example}`);
  }
  const name = exported.name ? `class ${exported.name}` : 'default export class';
  if (typeof exported.prototype.loop !== 'function') {
    throw new UserError(`sketch ${file}: ${name} has no loop() method: add loop(channel, message) { … }, whose return value is each message's reply`);
  }
  if (!extendsSketch(exported.prototype)) {
    throw new UserError(
      `sketch ${file}: ${name} does not extend Sketch, which gives a sketch its setup(), teardown(), name, board and peers: declare it as class ${exported.name || 'MySketch'} extends Sketch, with Sketch from 'pinmesh'`,
    );
  }
  return exported as SketchClass<any>;
}

/** What the runtime calls on every sketch besides loop(), all of them Sketch's (of whichever copy of pinmesh the file imports). */
function extendsSketch(prototype: Record<string, unknown>): boolean {
  return typeof prototype.setup === 'function' && typeof prototype.teardown === 'function' && 'name' in prototype;
}

/** Declared with `class` (a plain function has a prototype too, but is no sketch). */
export function isClass(exported: Function): boolean {
  return Function.prototype.toString.call(exported).startsWith('class');
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

/** The one class a module exports by name (`export class Doorbell …`), when it exports one. */
function namedClass(module: unknown): string | undefined {
  if (typeof module !== 'object' || module === null) return undefined;
  const classes = Object.entries(module).filter(([name, value]) => name !== 'default' && typeof value === 'function' && isClass(value));
  return classes.length === 1 ? classes[0]![0] : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return value.name && value.name !== 'default' ? `the function ${value.name}` : 'a function';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
