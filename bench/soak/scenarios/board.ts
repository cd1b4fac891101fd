import WebSocket from 'ws';
import { RemoteBoard } from '../../../src/boards/remote/remote-board.js';
import { freePort } from '../../lib/free-port.js';
import { InspectedChild } from '../inspected-child.js';
import { LoadLoop } from '../load-loop.js';
import type { Scenario } from '../scenario.js';

/** Writes each joining client makes before it leaves. */
const WRITES_PER_CLIENT = 10;

/**
 * `pinmesh board --board mock`, with clients joining and leaving without pause, each under a new
 * name: a pinmesh client (as `--board ws://…` opens) that writes pin 13 and leaves properly, and
 * every other time a bare WebSocket that connects and is cut off (a process killed).
 */
export const boardScenario: Scenario = {
  name: 'board',
  command: 'pinmesh board --board mock --json',
  load: `clients joining and leaving: a pinmesh client writing pin 13 ${WRITES_PER_CLIENT} times then closing, and a bare socket cut off, in turn`,
  async start(context) {
    const port = await freePort();
    const child = await InspectedChild.start('board', {
      command: [process.execPath, context.bin, 'board', '--board', 'mock', '--json', '-p', String(port)],
      cwd: context.root,
    });
    await child.waitFor(/"event":"listening"/, 60_000).catch(async (error) => {
      await child.stop();
      throw error;
    });
    const url = `ws://127.0.0.1:${port}`;
    const clients = new LoadLoop(async (index) => {
      if (index % 2 === 0) await joinAndLeave(url, `soak-${index}`);
      else await connectAndCut(url);
    }, 0);
    return { child, loadSoFar: () => clients.describe('clients joined and left'), stopLoad: () => clients.stop() };
  },
};

async function joinAndLeave(url: string, name: string): Promise<void> {
  const board = new RemoteBoard({ url, client: name, connectFor: 10_000 });
  try {
    await board.ready();
    for (let write = 0; write < WRITES_PER_CLIENT; write++) await board.digitalWrite(13, (write % 2) as 0 | 1);
  } finally {
    await board.close();
  }
}

function connectAndCut(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.terminate();
      resolve();
    });
    socket.once('error', reject);
  });
}
