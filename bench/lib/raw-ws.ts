import { fixture, root } from './paths.js';
import type { ServedNode } from './pinmesh.js';
import { Child, whenReady } from './spawn.js';
import { probeFlags } from './usage.js';

/** The raw `ws` echo server (fixtures/ws-echo.ts) in a child, with the usage probe. */
export function startRawWs(): Promise<ServedNode> {
  const child = new Child('raw ws', process.execPath, [...probeFlags, '--import', 'tsx', fixture('ws-echo.ts')], /listening/, root);
  return whenReady(child, async () => {
    const { port } = JSON.parse((await child.line(/listening/, 30_000)).text) as { port: number };
    return { child, url: (channel) => `ws://127.0.0.1:${port}${channel}` };
  });
}
