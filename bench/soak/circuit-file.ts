import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../lib/free-port.js';

/** A circuit file for the article's nodes on free loopback ports (the soak never uses 8765/8766). */
export async function freeCircuitFile(dir: string, iopinPort?: number): Promise<string> {
  const path = join(dir, 'circuit.json');
  const iopin = iopinPort ?? (await freePort());
  const buzzer = await freePort();
  await writeFile(path, JSON.stringify({ nodes: { iopin: { host: '127.0.0.1', port: iopin }, buzzer: { host: '127.0.0.1', port: buzzer } } }));
  return path;
}
