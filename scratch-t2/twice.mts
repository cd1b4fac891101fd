import { testSketch } from '/work/wt/testing2/src/testing/index.js';
const sketch = process.argv[2] ?? 'examples/turnstile.ts';
async function once() {
  const bench = await testSketch(sketch, { board: 'sim', seed: 7 });
  const lines: string[] = [`ready ${bench.now()}`];
  bench.history.on('change', (c) => lines.push(`${c.at} ${c.pin} ${c.kind} ${c.value} ${c.source}`));
  await bench.press(2, { for: '50ms' }); lines.push(`pressed ${bench.now()}`);
  await bench.delay('100ms'); await bench.send('/gate', '90'); lines.push(`sent ${bench.now()}`);
  await bench.delay('1s');
  await bench.stop();
  return [...bench.history.changes.map((c) => `H ${c.at} ${c.pin} ${c.kind} ${c.value} ${c.source}`), ...lines];
}
const a = await once(); const b = await once();
for (let i = 0; i < Math.max(a.length, b.length); i++) console.log(a[i] === b[i] ? '  ' : '!!', a[i], '|', b[i]);
