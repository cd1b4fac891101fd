import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, arch, totalmem, release } from 'node:os';

/** What the figures were taken on, printed with them. */
export function describeMachine(root: string): string[] {
  const processors = cpus();
  const commit = git(root, ['rev-parse', '--short', 'HEAD']);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : '';
  return [
    `cpu: ${processors[0]?.model.trim() ?? 'unknown'}, ${processors.length} cores; ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `os: ${platform()} ${release()} ${arch()}; node ${process.version}`,
    `pinmesh: ${commit ?? 'unknown commit'}${dirty}`,
  ];
}

/** The 1-minute load average, to show how busy the machine was. */
export const loadAverage = (): string => loadavg()[0]!.toFixed(2);

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
