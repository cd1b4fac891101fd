/**
 * The mistakes a newcomer makes in a first sketch, written out in each extension a sketch may have:
 * TypeScript (.ts, .mts, .cts) with types, JavaScript (.js, .mjs) with ES module syntax, and .cjs
 * in CommonJS. Every mistake's offending statement is on line 5, column 5 of its file, so a test
 * can say where the person must look.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const sketchExtensions = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;
export type SketchExtension = (typeof sketchExtensions)[number];

export interface Mistake {
  /** What the person did wrong, as a test title says it. */
  title: string;
  /** The file's text in the extension given. */
  source: (extension: SketchExtension) => string;
  /** When it goes wrong: while loading, in setup(), or later (later(), which setup() calls from a timer). */
  when: 'loading' | 'setup' | 'later';
  /** What pinmesh must say (the file name aside). */
  says: RegExp;
}

const typed = (extension: SketchExtension) => extension.endsWith('ts');

/** The first line and the class line: ES module syntax, or CommonJS for .cjs. */
function head(extension: SketchExtension, exported = true, extendsSketch = true): [string, string] {
  const heritage = extendsSketch ? ' extends Sketch' : '';
  if (extension === '.cjs') return [`const { Sketch } = require('pinmesh');`, `${exported ? 'module.exports =' : 'exports.Oops ='} class Oops${heritage} {`];
  return [`import { Sketch } from 'pinmesh';`, `${exported ? 'export default ' : 'export '}class Oops${heritage} {`];
}

function sketch(extension: SketchExtension, body: string[], options: { exported?: boolean; loop?: boolean; imports?: string; extendsSketch?: boolean } = {}): string {
  const extendsSketch = options.extendsSketch ?? true;
  const [imports, classLine] = head(extension, options.exported, extendsSketch);
  const override = typed(extension) && extendsSketch ? 'override ' : '';
  const loop = options.loop === false ? [] : [`  ${override}loop() {`, `    return 'ok';`, '  }'];
  // Line 1: pinmesh; line 2: another import or a comment; line 3: the class; line 4: the method; line 5: the mistake.
  return [imports, options.imports ?? '// a newcomer\'s first sketch', classLine, ...body, ...loop, '}', ''].join('\n');
}

export const mistakes: Mistake[] = [
  {
    title: 'setup() throws',
    when: 'setup',
    source: (extension) => sketch(extension, [`  ${typed(extension) ? 'override ' : ''}setup() {`, `    throw new Error('no LED today');`, '  }']),
    says: /failed in setup\(\) at line 5, column 11: no LED today$/,
  },
  {
    title: "a typo'd method in setup()",
    when: 'setup',
    source: (extension) => sketch(extension, [`  ${typed(extension) ? 'override ' : ''}setup() {`, `    ${typed(extension) ? '(this.board as any)' : 'this.board'}.digitalOuptut(13);`, '  }']),
    says: /failed in setup\(\) at line 5, column \d+: .*digitalOuptut is not a function$/,
  },
  {
    title: 'a crash after setup()',
    when: 'later',
    source: (extension) =>
      sketch(extension, [
        '  later() {',
        `    throw new Error('sketch bug thrown outside loop()');`,
        '  }',
        `  ${typed(extension) ? 'override ' : ''}setup() {`,
        '    setTimeout(() => this.later(), 50);',
        '  }',
      ]),
    says: /failed while running at line 5, column 11: sketch bug thrown outside loop\(\)$/,
  },
  {
    title: 'a package that is not installed',
    when: 'loading',
    source: (extension) =>
      sketch(extension, ['  pad() {', `    return leftPad('x', 8);`, '  }'], {
        imports: extension === '.cjs' ? `const leftPad = require('left-pad-pinmesh-never-installed');` : `import leftPad from 'left-pad-pinmesh-never-installed';`,
      }),
    says: /imports "left-pad-pinmesh-never-installed", which is not installed where the sketch is: run npm install left-pad-pinmesh-never-installed in /,
  },
  {
    title: 'a class without loop()',
    when: 'loading',
    source: (extension) => sketch(extension, [`  ${typed(extension) ? 'override ' : ''}setup() {}`], { loop: false }),
    says: /class Oops has no loop\(\) method: add loop\(channel, message\)/,
  },
  {
    title: 'a class that does not extend Sketch',
    when: 'loading',
    source: (extension) => sketch(extension, [], { extendsSketch: false, imports: '// forgot: extends Sketch' }),
    says: /class Oops does not extend Sketch, .*: declare it as class Oops extends Sketch, with Sketch from 'pinmesh'$/,
  },
  {
    title: 'no default export',
    when: 'loading',
    source: (extension) => sketch(extension, [], { exported: false }),
    says: /has no default export: write export default class Oops \(it exports Oops by name\)$/,
  },
  {
    title: 'a syntax error',
    when: 'loading',
    source: (extension) => sketch(extension, [`  ${typed(extension) ? 'override ' : ''}setup() {`, '    const half = (1 + ;', '  }']),
    // The same words whichever loader meets it (Node's import, tsx's transform, tsx's scan of a module's imports).
    says: /\bsketch \S+ has a syntax error at line 5, column 23: Unexpected ";"$/,
  },
  {
    title: "delay('1s'): a duration where Arduino's delay() takes milliseconds",
    when: 'setup',
    source: (extension) => sketch(extension, [`  ${typed(extension) ? 'override ' : ''}async setup() {`, `    await this.delay(${typed(extension) ? "'1s' as unknown as number" : "'1s'"});`, '  }']),
    says: /failed in setup\(\) at line 5, column \d+: delay\(\) takes a number of milliseconds, 0 or more \(1000 for a second\), got "1s"$/,
  },
  {
    title: 'options declared as a plain object of defaults, not a zod schema',
    when: 'loading',
    source: (extension) => sketch(extension, ['  // its options, with their defaults', '  static options = { pin: 13 };']),
    says: /: its static options are not a zod schema: declare them as static options = z\.object\(\{ pin: z\.number\(\)\.default\(13\) \}\), with z from 'zod' \(docs\/sketches\.md, "Your own sketch"\)$/,
  },
];

/**
 * Writes `mistake` as oops-N-ext.ext into `folder`, and returns its path. Each file has its own
 * name: a CommonJS file loaded once is kept (require's cache), so no two cells share a path.
 */
export async function writeMistake(folder: string, mistake: Mistake, extension: SketchExtension): Promise<string> {
  const path = join(folder, `oops-${mistakes.indexOf(mistake)}-${extension.slice(1)}${extension}`);
  await writeFile(path, mistake.source(extension));
  return path;
}
