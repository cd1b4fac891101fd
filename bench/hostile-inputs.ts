/**
 * What each hostile input gets from a real `pinmesh buzzer` (mock board, token set), and the node's
 * memory before, at worst and after (heap after a full GC, read through the inspector; RSS from
 * /proc). Prints a Markdown table. Loopback only; bounded like the test suite that shares the inputs.
 *
 *   npm run build && node --import tsx bench/hostile-inputs.ts
 */
import { freePort } from '../test/support/cli.js';
import { hostileInputs, wellBehaved } from '../test/support/hostile-inputs.js';
import { NodeUnderTest } from '../test/support/node-under-test.js';

const token = 'bench-token-0123456789abcdef0123';
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const port = await freePort();
const node = await NodeUnderTest.start(['buzzer', '--board', 'mock', '--json', '--port', String(port)], { PINMESH_TOKEN: token });
await node.cli.waitForEvent((e) => e.event === 'listening');
const target = { port, token, measure: () => node.memory() };
await wellBehaved(target);

const rows: string[] = [];
const start = await node.memory();
for (const input of hostileInputs) {
  const before = await node.memory();
  const offence = await input.run(target);
  const replies = await wellBehaved(target);
  await node.serving(0);
  const after = await node.memory();
  const worst = offence.peak ? mb(offence.peak.heap) : '–';
  rows.push(`| ${input.name} | ${offence.got.replaceAll('|', '\\|')} | ${replies.join(' / ')} | ${mb(before.heap)} | ${worst} | ${mb(after.heap)} | ${mb(before.rss)} → ${mb(after.rss)} |`);
}
const end = await node.memory();
await node.stop();

console.log(`pinmesh buzzer, mock board, token set; Node ${process.version}. Heap in MB after a full GC; RSS in MB.\n`);
console.log('| hostile input | what the offender got | a well-behaved client then got | heap before | heap at worst | heap after | RSS before → after |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\nHeap at the start ${mb(start.heap)} MB, at the end ${mb(end.heap)} MB; RSS ${mb(start.rss)} → ${mb(end.rss)} MB.`);
