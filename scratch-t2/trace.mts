import { UsartLink } from '/work/wt/testing2/src/boards/sim/usart-link.js';
import { testSketch } from '/work/wt/testing2/src/testing/index.js';
const send = UsartLink.prototype.send;
const take = UsartLink.prototype.takeTransmitted;
UsartLink.prototype.send = function (this: any, bytes: any) { const b = [...bytes]; console.log('H>M', this.mcu.cycles, b.map((x: number) => x.toString(16)).join(' ')); return send.call(this, b); };
UsartLink.prototype.takeTransmitted = function (this: any) { const out = take.call(this); if (out) console.log('M>H', this.mcu.cycles, out.length); return out; };
const bench = await testSketch('examples/blink.ts', { board: 'sim', seed: 7 });
console.log('ready', bench.now());
await bench.stop();
