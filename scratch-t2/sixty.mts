import { testCircuit } from '/work/wt/testing2/src/testing/index.js';
const bench = await testCircuit({ board: 'sim', ticks: 0, delay: 1, seed: 1 });
const started = performance.now(); const cpu = process.cpuUsage();
await bench.delay(60_000);
const wall = performance.now() - started; const used = process.cpuUsage(cpu);
const acked = bench.events.filter((e) => e.node === 'clock' && e.event === 'ack').length;
console.log(JSON.stringify({ wall: Math.round(wall), cpu: Math.round((used.user + used.system) / 1000), acked }));
await bench.stop();
