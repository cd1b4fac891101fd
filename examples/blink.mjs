import { Sketch } from 'pinmesh';

/** Lights the LED for "on", darkens it for anything else, and says so. */
export default class Blink extends Sketch {
  setup(options) {
    this.led = this.board.digitalOutput(options.pin ?? 13);
  }

  async loop(channel, message) {
    const on = message === 'on';
    await this.led.write(on ? 1 : 0);
    return `led ${on ? 'on' : 'off'} (asked on ${channel})`;
  }
}
