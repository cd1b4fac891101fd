// Which of esbuild's chunks rollup merges (scripts/bundle.mjs), read from esbuild's metafile.
//
// Why: esbuild splits the bundle at every dynamic import() and puts each set of modules that the
// same entries share in a chunk of its own, so `pinmesh circuit --board mock` loaded 73 files to its
// first ack, most of them a few KB. Node 20 resolves, reads and compiles each one on its own (about
// 0.3 ms a file however small, and it keeps no compile cache): merged into two files, the same code
// starts 15 % sooner (spawn → first ack, alternated runs: Node 20 160 → 136 ms, Node 24 112 → 95 ms;
// docs/performance.md).
//
// What is merged: everything the commands that run nodes load before their first tick, statically,
// in two chunks:
// - `cli`: what every command loads (the failure report and the choice of the command);
// - `runtime`: the runtime a sketch imports (`pinmesh`), the commands that run nodes, and the mock
//   board, less what `cli` holds.
// What stays behind its dynamic import(), as esbuild split it: the Firmata stack, the serial port, the
// simulator, the fleet, the view, the flasher, the tests' runner, and every other command's own code,
// so a circuit on the mock board still loads none of those packages
// (test/integration/load-only-what-is-used.test.ts).

/** Every command loads these before it knows which command it runs (src/cli/main.ts). */
const everyCommand = ['dist/src/cli/failure.js', 'dist/src/cli/program-for.js'];

/** The sources whose static imports make the runtime chunk: what a node-running start loads. */
const nodeRunning = [
  'dist/src/index.js',
  'dist/src/boards/mock-board.js',
  ...['circuit', 'nodes', 'run', 'clock', 'button', 'board', 'sim'].map((command) => `dist/src/cli/commands/${command}.js`),
];

/**
 * esbuild's output files (as its metafile names them) to merge, by the chunk they go in:
 * `cli` and `runtime`. A source that is not an entry of the bundle is a mistake in the lists above.
 */
export function startChunks(metafile) {
  const outputs = metafile.outputs;
  const outputOf = new Map(Object.entries(outputs).flatMap(([file, output]) => (output.entryPoint ? [[output.entryPoint, file]] : [])));
  const staticClosure = (sources, skip = new Set()) => {
    const found = new Set();
    const visit = (file) => {
      if (found.has(file) || skip.has(file)) return;
      found.add(file);
      for (const imported of outputs[file].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    };
    for (const source of sources) {
      const file = outputOf.get(source);
      if (file === undefined) throw new Error(`bundle: ${source} is not an entry of the bundle (scripts/start-chunks.mjs)`);
      visit(file);
    }
    return found;
  };
  const cli = staticClosure(everyCommand);
  return new Map([
    ['cli', cli],
    ['runtime', staticClosure(nodeRunning, cli)],
  ]);
}

/** A chunk's file name before its hash: rollup names a chunk after its first module, which esbuild already hashed (`circuit-2KJH6CZM`). */
export const chunkName = (name) => name.replace(/-[A-Z0-9]{8}$/, '');
