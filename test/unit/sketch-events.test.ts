import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Button } from '../../src/devices/button.js';
import { Piezo } from '../../src/devices/piezo.js';
import { buttonEvents } from '../../src/devices/button-events.js';
import { piezoEvents } from '../../src/devices/piezo-events.js';
import type { EventOf } from '../../src/report/events.js';
import { buttonClockEvents } from '../../src/sketches/button-clock-events.js';
import { buzzerEvents } from '../../src/sketches/buzzer-events.js';
import { ioPinEvents } from '../../src/sketches/iopin-events.js';
import { tickEvents } from '../../src/sketches/tick-events.js';
import { humanLine } from '../../src/report/human-line.js';
import '../../src/sketches/button-clock.js';
import { Buzzer } from '../../src/sketches/buzzer.js';
import { IOPin } from '../../src/sketches/iopin.js';
import { compiled, nodeLoader } from '../support/compiled.js';

const run = promisify(execFile);

/** The events the article's sketches and the devices declare (the tests' own, such as the desk lamp's `lamp`, are tested where they are declared). */
type ModuleEventName = keyof typeof tickEvents | keyof typeof ioPinEvents | keyof typeof buzzerEvents | keyof typeof buttonClockEvents | keyof typeof piezoEvents | keyof typeof buttonEvents;

/** Every event the article's sketches and the devices declare beside their code, and the line a person reads for it (unchanged by the move). */
const catalogue: { [K in ModuleEventName]: Array<[EventOf<K>, string]> } = {
  buzz: [
    [{ event: 'buzz', pin: 3, on: true, frequency: 490.2, at: 1, source: 'mcu' }, 'piezo on pin 3 sounding at 490 Hz (observed on the MCU)'],
    [{ event: 'buzz', pin: 3, on: false, at: 1, source: 'host' }, 'piezo on pin 3 silent'],
  ],
  button: [
    [{ event: 'button', pin: 2, pressed: true, at: 1, source: 'host' }, 'button on pin 2 pressed'],
    [{ event: 'button', pin: 2, pressed: false, at: 1, source: 'host' }, 'button on pin 2 released'],
  ],
  tick: [
    [{ event: 'tick', tick: 0, target: 'iopin' }, '> 0'],
    [{ event: 'tick', channel: '/datafeed', message: '0', bits: [1, 0, 1] }, 'new tick triggered on /datafeed: 0'],
  ],
  bits: [[{ event: 'bits', bits: [1, 0, 1] }, 'toggling pin state: [1, 0, 1]']],
  reached: [[{ event: 'reached', peer: 'buzzer' }, 'buzzer answers: ticks are streamed to it']],
  ack: [
    [{ event: 'ack', tick: 0, reply: 'acknowledged' }, '< acknowledged'],
    [{ event: 'ack', peer: 'buzzer', message: '1', reply: 'buzz buzz buzz' }, 'buzzer < 1 > buzz buzz buzz'],
  ],
  signal: [[{ event: 'signal', channel: '/iopin', signal: '1', reply: 'buzz buzz buzz' }, 'signal 1 received on /iopin -> buzz buzz buzz']],
  armed: [
    [{ event: 'armed', pin: 2, target: 'iopin', presses: 0 }, 'press the button on pin 2 to tick iopin'],
    [{ event: 'armed', pin: 2, target: 'iopin', presses: 1 }, 'press the button on pin 2 to tick iopin (1 press)'],
    [{ event: 'armed', pin: 2, target: 'iopin', presses: 3 }, 'press the button on pin 2 to tick iopin (3 presses)'],
  ],
  done: [[{ event: 'done', acked: 5, ticks: 5 }, '5 of 5 ticks acknowledged']],
};

/** The events each module reports, and one of each for the check in a process of its own. */
const reporters: Array<{ module: string; events: ModuleEventName[] }> = [
  { module: 'src/sketches/clock.ts', events: ['tick', 'ack'] },
  { module: 'src/sketches/button-clock.ts', events: ['tick', 'ack', 'armed'] },
  { module: 'src/sketches/iopin.ts', events: ['tick', 'bits', 'ack'] },
  { module: 'src/sketches/buzzer.ts', events: ['signal'] },
  { module: 'src/devices/piezo.ts', events: ['buzz'] },
  { module: 'src/devices/button.ts', events: ['button'] },
];

describe("the article's sketches' and the devices' events: declared beside their code, each with its line", () => {
  for (const [name, examples] of Object.entries(catalogue)) {
    it(`${name}: its human line`, () => {
      for (const [event, line] of examples) assert.equal(humanLine(event), line);
    });
  }

  it('the sketch and device classes carry the lines of the events they report (registered again where a node runs them)', () => {
    assert.deepEqual(Object.keys(IOPin.events).sort(), ['ack', 'bits', 'done', 'reached', 'tick']);
    assert.deepEqual(Object.keys(Buzzer.events), ['signal']);
    assert.deepEqual(Object.keys(Piezo.events), ['buzz']);
    assert.deepEqual(Object.keys(Button.events), ['button']);
  });

  it('loading the code that reports an event is enough for its line: each module, alone in a process of its own', async () => {
    await Promise.all(
      reporters.map(async ({ module, events }) => {
        const examples = events.map((name) => catalogue[name][0]!);
        const script = `
          await import(${JSON.stringify(pathToFileURL(compiled(module)).href)});
          const { humanLine } = await import(${JSON.stringify(pathToFileURL(compiled('src/report/human-line.ts')).href)});
          console.log(JSON.stringify(${JSON.stringify(examples.map(([event]) => event))}.map(humanLine)));`;
        const { stdout } = await run(process.execPath, [...nodeLoader, '--input-type=module', '-e', script]);
        assert.deepEqual(JSON.parse(stdout), examples.map(([, line]) => line), module);
      }),
    );
  });
});
