/**
 * Which files `npm test` runs, and in what order (test/run-tests.ts): the unit suite, the suites of
 * small files (shared-processes.ts) and every other folder's `*.test.js`, the longest first, by the
 * seconds test/durations.json records.
 *
 * Why the order matters: four files run at a time on two cores, and a file that mostly waits (the
 * unit suite's bootloaders that answer late, a maker's npm installs, a browser) started last is run
 * alone at the end while the cores idle. Node's own `--test` starts files in the order of their
 * paths, which put the unit suite (`unit.suite.js`, after every folder) and the package tests last.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { sharedProcesses } from './shared-processes.js';

/** test/durations.json: seconds a file took, by its path under test/ as written (`docs/readme.test.ts`). */
export interface Durations {
  '//'?: string;
  measured?: string;
  seconds: Record<string, number>;
}

/**
 * The processes `npm test` starts, by compiled file under `dir` (dist-test/test): the unit suite, the
 * suites of small files (`shared`, by suite: shared-processes.ts), then every folder's other files
 * but unit/'s (the unit suite runs those).
 */
export function suiteFiles(dir: string, shared: Readonly<Record<string, readonly string[]>> = sharedProcesses): string[] {
  const files = ['unit.suite.js', ...Object.keys(shared)];
  const together = new Set(Object.values(shared).flat());
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'unit') continue;
    for (const name of readdirSync(join(dir, entry.name))) if (name.endsWith('.test.js') && !together.has(`${entry.name}/${name}`)) files.push(`${entry.name}/${name}`);
  }
  return files.sort();
}

/**
 * A file named on npm test's command line, as the runner takes it (`docs/readme.test.js`): a source
 * under `sourceDir` (test/docs/readme.test.ts) or its compiled file under `compiledDir`
 * (dist-test/test/docs/readme.test.js), relative to the working folder or absolute.
 */
export function chosenFile(path: string, { sourceDir, compiledDir }: { sourceDir: string; compiledDir: string }): string {
  const absolute = resolve(path);
  const under = pathUnder(compiledDir, absolute) ?? pathUnder(sourceDir, absolute);
  if (under === undefined) throw new Error(`${path} is not a test file under test/ or dist-test/test/`);
  return under.replace(/\.ts$/, '.js');
}

/** `path` (absolute) relative to `dir`, with forward slashes, or undefined when it is not inside `dir`. */
function pathUnder(dir: string, path: string): string | undefined {
  const base = resolve(dir) + sep;
  return path.startsWith(base) ? relative(base, path).replaceAll('\\', '/') : undefined;
}

/** A compiled file's name as durations.json keys it: its source (`docs/readme.test.js` → `docs/readme.test.ts`). */
export const sourceName = (file: string): string => file.replace(/\.js$/, '.ts');

/**
 * The files, the longest first by `seconds`. A file with no record (new since durations.json was
 * written) goes before them all, since nothing says it is short; those keep their given order.
 */
export function longestFirst(files: string[], seconds: Record<string, number>): string[] {
  const known = (file: string): number | undefined => seconds[sourceName(file)];
  const unknown = files.filter((file) => known(file) === undefined);
  const measured = files.filter((file) => known(file) !== undefined).sort((a, b) => known(b)! - known(a)! || (a < b ? -1 : 1));
  return [...unknown, ...measured];
}

/** durations.json's seconds, or none (a missing or damaged file only loses the order, never a test). */
export function readDurations(path: string): Record<string, number> {
  try {
    const { seconds } = JSON.parse(readFileSync(path, 'utf8')) as Durations;
    if (typeof seconds !== 'object' || seconds === null) return {};
    return Object.fromEntries(Object.entries(seconds).filter(([, value]) => typeof value === 'number' && Number.isFinite(value)));
  } catch {
    return {};
  }
}

/**
 * Each file's time, from the runner's `test:complete` event for the file itself (node:test reports
 * a test named by the file's path, at nesting 0, when its process ends: start, imports and tests).
 * A test's own events name the file that defines it (a shared contract suite's, a unit file's
 * under the unit suite), not the file the runner ran, so they are not used.
 */
export class FileTimes {
  private readonly ms = new Map<string, number>();

  constructor(private readonly dir: string) {}

  add(event: { file?: string; name: string; nesting: number; details: { duration_ms: number } }): void {
    if (event.nesting !== 0 || event.file === undefined || event.name !== event.file) return;
    const file = pathUnder(this.dir, event.file);
    if (file !== undefined) this.ms.set(file, event.details.duration_ms);
  }

  /** Seconds by source name, to a tenth, sorted by name (a stable file to commit). */
  seconds(): Record<string, number> {
    return Object.fromEntries(
      [...this.ms]
        .map(([file, ms]) => [sourceName(file), Math.round(ms / 100) / 10] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }
}
