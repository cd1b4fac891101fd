import { fileURLToPath } from 'node:url';
import type { Child } from './spawn.js';

/** node flags that preload the usage probe into a child (see fixtures/usage-probe.mjs). */
export const probeFlags = ['--import', fileURLToPath(new URL('../fixtures/usage-probe.mjs', import.meta.url))];

export interface Usage {
  /** CPU time, user + system, µs. */
  cpuMicros: number;
  rssBytes: number;
  /** Epoch ms in the child when it answered. */
  at: number;
}

/** Asks a child started with probeFlags for its CPU time and RSS now. */
export async function usageOf(child: Child): Promise<Usage> {
  const asked = performance.now();
  const answer = child.stderr.next(/^pinmesh-bench-usage /, 5_000, `${child.name}: usage probe`, asked);
  child.signal('SIGUSR2');
  const line = await answer;
  return JSON.parse(line.text.slice('pinmesh-bench-usage '.length)) as Usage;
}

/** Share of one core a child used between two probes, in %. */
export const cpuPercent = (from: Usage, to: Usage): number => ((to.cpuMicros - from.cpuMicros) / 1000 / (to.at - from.at)) * 100;
