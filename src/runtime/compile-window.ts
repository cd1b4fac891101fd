import Module from 'node:module';

/** What a window does to a file's code before Node compiles it as CommonJS: the code to compile, or a throw to refuse the file. */
export type CompileStep = (content: string, filename: string) => string;

/**
 * Runs `load` (a synchronous require) with `step` applied to every file Node compiles as CommonJS
 * meanwhile, after the steps of the windows already open around it. Node's `Module.prototype._compile`
 * is wrapped once, for the process; outside every window it compiles what it is given.
 */
export function compilingWith<T>(step: CompileStep, load: () => T): T {
  installOnce();
  steps.push(step);
  try {
    return load();
  } finally {
    steps.splice(steps.lastIndexOf(step), 1);
  }
}

const steps: CompileStep[] = [];
let installed = false;

type Compile = (this: unknown, content: string, filename: string) => unknown;

function installOnce(): void {
  if (installed) return;
  installed = true;
  const prototype = Module.prototype as unknown as { _compile: Compile };
  const compile = prototype._compile;
  prototype._compile = function (content: string, filename: string): unknown {
    return compile.call(this, steps.reduce((code, step) => step(code, filename), content), filename);
  };
}
