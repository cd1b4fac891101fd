import { testSketch } from '/work/wt/testing2/src/testing/index.js';
const counts = new Map<string, number>();
const orig = globalThis.setTimeout;
const origI = globalThis.setInterval;
function where() {
  const stack = new Error().stack!.split('\n').slice(2).filter((l) => !l.includes('/tmp/t2/timers')).slice(0, 3).map((l) => l.trim().replace(/\(.*node_modules\//, '(').replace('/work/wt/testing2/', '')).join(' < ');
  return stack;
}
(globalThis as any).setTimeout = function (fn: any, ms: any, ...rest: any[]) { const k = `T ${ms} ${where()}`; counts.set(k, (counts.get(k) ?? 0) + 1); return orig(fn, ms, ...rest); };
(globalThis as any).setInterval = function (fn: any, ms: any, ...rest: any[]) { const k = `I ${ms} ${where()}`; counts.set(k, (counts.get(k) ?? 0) + 1); return origI(fn, ms, ...rest); };
const sketch = process.argv[2] ?? 'examples/blink.ts';
const bench = await testSketch(sketch, { board: 'sim', seed: 7 });
if (sketch.includes('blink')) { await bench.send('/desk', 'on'); await bench.delay('500ms'); await bench.send('/desk', 'off'); }
else { await bench.press(2, { for: '50ms' }); await bench.delay('100ms'); await bench.send('/gate', '90'); }
await bench.delay('1s');
await bench.stop();
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(v, k);
