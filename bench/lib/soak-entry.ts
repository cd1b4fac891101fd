/**
 * `npm run bench -- --rows soak [soak's own flags]`: the soak (bench/soak/, `npm run soak`) under
 * the bench's name, as issue 22 asks for it. A thin entry: the soak runs as it always does, with
 * the flags that follow (`--short`, `--minutes N`, `--only …`); its table is its own.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './paths.js';

/** The soak's flags when `argv` asks the bench for the soak alone, else undefined. */
export function soakArguments(argv: readonly string[]): string[] | undefined {
  const at = argv.findIndex((arg) => arg === '--rows' || arg.startsWith('--rows='));
  if (at < 0) return undefined;
  const inline = argv[at]!.startsWith('--rows=');
  if ((inline ? argv[at]!.slice('--rows='.length) : argv[at + 1]) !== 'soak') return undefined;
  return [...argv.slice(0, at), ...argv.slice(at + (inline ? 1 : 2))];
}

/** Runs the soak with `args`; resolves with its exit code. */
export function runSoak(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/soak/run.ts'), ...args], { cwd: root, stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}
