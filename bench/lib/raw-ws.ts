import { fixture, root } from './paths.js';
import type { ServedNode } from './pinmesh.js';
import { Child, whenReady } from './spawn.js';
import { probeFlags } from './usage.js';

function rawNode(name: string, args: string[]): Promise<ServedNode> {
  const child = new Child(name, process.execPath, [...probeFlags, '--import', 'tsx', ...args], /listening/, root);
  return whenReady(child, async () => {
    const { port } = JSON.parse((await child.line(/listening/, 30_000)).text) as { port: number };
    return { child, url: (channel) => `ws://127.0.0.1:${port}${channel}` };
  });
}

/**
 * The bare-`ws` circuit (fixtures/ws-circuit.ts): its buzzer, then its iopin linked to it
 * (sequence 3, the article's chance), a process each; ticked on the iopin.
 */
export async function startWsCircuit(): Promise<ServedNode & { buzzer: Child; stop: () => Promise<void> }> {
  const buzzer = await rawNode('bare ws buzzer', [fixture('ws-circuit.ts'), 'buzzer']);
  try {
    const port = new URL(buzzer.url('/')).port;
    const iopin = await rawNode('bare ws iopin', [fixture('ws-circuit.ts'), 'iopin', port, '3', '0.6']);
    return { ...iopin, buzzer: buzzer.child, stop: async () => void (await Promise.all([iopin.child.stop(), buzzer.child.stop()])) };
  } catch (error) {
    await buzzer.child.stop();
    throw error;
  }
}

/** The raw `ws` echo server (fixtures/ws-echo.ts) in a child, with the usage probe. */
export const startRawWs = (): Promise<ServedNode> => rawNode('raw ws', [fixture('ws-echo.ts')]);
