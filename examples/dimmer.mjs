import { Sketch } from 'pinmesh';

/**
 * A potentiometer on A0 dims an LED on pin 9 (a PWM pin): every reading the board reports
 * (0–1023) sets the LED's brightness (0–255). Any frame on /dimmer is answered with both.
 *
 *   npx pinmesh run dimmer.mjs --board sim
 */
export default class Dimmer extends Sketch {
  reading = 0;
  duty = 0;

  async setup() {
    // Every reading of an input the board reports, as it comes: the sketch follows the knob without waiting for a frame.
    this.board.on('input', ({ mode, value }) => {
      if (mode === 'analog') void this.dim(value);
    });
    this.reading = await this.board.analogRead('A0', { intervalMs: 50 });
    await this.dim(this.reading);
  }

  async dim(reading) {
    this.reading = reading;
    this.duty = reading >> 2; // 0–1023 → 0–255 (reading / 4 would give 256 at the top)
    try {
      await this.board.pwmWrite(9, this.duty);
    } catch (error) {
      this.out(`the LED did not change: ${error.message}`);
    }
  }

  loop() {
    return `A0 at ${this.reading}, LED at ${this.duty} of 255`;
  }
}
