import { Sketch, type DigitalOutput } from 'pinmesh';

/** Lights the LED for "on", darkens it for anything else, and says so. */
export default class Blink extends Sketch<{ pin?: number }> {
  private led!: DigitalOutput;

  override setup(options: { pin?: number }) {
    this.led = this.board.digitalOutput(options.pin ?? 13);
  }

  override async loop(channel: string, message: string) {
    const on = message === 'on';
    await this.led.write(on ? 1 : 0);
    return `led ${on ? 'on' : 'off'} (asked on ${channel})`;
  }
}
