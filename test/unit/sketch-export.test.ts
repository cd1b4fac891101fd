/**
 * What a sketch file must export: a class that extends Sketch and has loop(). Anything else is the
 * person's mistake, named before any board opens, with what to write instead; never a TypeError
 * later that pinmesh would call its own bug.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { sketchClassOf } from '../../src/runtime/sketch-export.js';

function refusal(module: unknown): string {
  try {
    sketchClassOf(module, 'lamp.ts');
  } catch (error) {
    assert.ok(error instanceof UserError, `a UserError, not ${String(error)}`);
    return error.message;
  }
  assert.fail('the export was accepted');
}

describe('the class a sketch file exports', () => {
  it('is its default export, an ES module’s or a CommonJS module’s, however it is wrapped', () => {
    class Lamp extends Sketch {
      loop() {
        return 'ok';
      }
    }
    assert.equal(sketchClassOf({ default: Lamp }, 'lamp.ts'), Lamp);
    assert.equal(sketchClassOf({ default: { default: Lamp } }, 'lamp.cjs'), Lamp);
    assert.equal(sketchClassOf(Lamp, 'lamp.cjs'), Lamp);
  });

  it('may extend the Sketch of another copy of pinmesh (the sketch’s folder has its own)', () => {
    // What another copy's Sketch gives its subclasses: the same members, not the same class.
    class OtherCopysSketch {
      get name() {
        return 'lamp';
      }
      setup() {}
      teardown() {}
    }
    class Lamp extends OtherCopysSketch {
      loop() {
        return 'ok';
      }
    }
    assert.equal(sketchClassOf({ default: Lamp }, 'lamp.ts'), Lamp);
  });

  it('refuses a class that does not extend Sketch, saying how to declare it', () => {
    class Lamp {
      loop() {
        return 'ok';
      }
    }
    assert.equal(
      refusal({ default: Lamp }),
      "sketch lamp.ts: class Lamp does not extend Sketch, which gives a sketch its setup(), teardown(), name, board and peers: declare it as class Lamp extends Sketch, with Sketch from 'pinmesh'",
    );
  });

  it('refuses one that has setup() and teardown() of its own but is still no Sketch', () => {
    class Lamp {
      setup() {}
      loop() {
        return 'ok';
      }
      teardown() {}
    }
    assert.match(refusal({ default: Lamp }), /class Lamp does not extend Sketch/);
  });

  it('refuses a class without loop() first: that is the method the person writes', () => {
    abstract class Lamp extends Sketch {} // abstract: the compiler would refuse it as the person's file is refused below
    assert.match(refusal({ default: Lamp }), /^sketch lamp\.ts: class Lamp has no loop\(\) method: add loop\(channel, message\)/);
  });

  it('refuses a plain function, an object, a number and nothing, each named for what it is', () => {
    function lamp() {
      return 'ok';
    }
    assert.match(refusal({ default: lamp }), /^sketch lamp\.ts exports the function lamp by default, not a class: export its sketch class as export default class MySketch extends Sketch/);
    assert.match(refusal({ default: () => 'ok' }), /exports a function by default, not a class/);
    assert.match(refusal({ default: { loop() {} } }), /exports an object by default, not a class/);
    assert.match(refusal({ default: 13 }), /exports a number by default, not a class/);
    assert.match(refusal({}), /^sketch lamp\.ts has no default export: export its class from 'pinmesh'/);
  });

  it('a sketch class exported by name only: the refusal names it and says to make it the default', () => {
    class Doorbell extends Sketch {
      loop() {
        return 'ding';
      }
    }
    assert.equal(refusal({ Doorbell, RINGS: 3 }), "sketch lamp.ts has no default export: write export default class Doorbell (it exports Doorbell by name)");
  });
});
