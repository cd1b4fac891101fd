import { option } from '../schema.js';
import { clipped } from '../clipped.js';
import * as z from '../zod.js';
import { pinOption } from './pin-option.js';
import type { Piezo } from '../devices/piezo.js';
import { Sketch } from '../runtime/sketch.js';
import { buzzerEvents } from './buzzer-events.js';

export const buzzerOptions = z.strictObject({
  /** As in the article. */
  sound: option(z.string(), 'buzz buzz buzz', 'reply sent for a 1'),
  /** 3 on an Uno: Timer2's PWM. */
  pin: pinOption('pwm', 3, 'PWM pin with the piezo'),
});

export type BuzzerOptions = z.input<typeof buzzerOptions>;

/** The article's Buzzer: `1` switches the piezo on and replies the sound, `0` silences it (`...`). */
export class Buzzer extends Sketch<BuzzerOptions> {
  static readonly options = buzzerOptions;
  static readonly events = buzzerEvents;
  private settings = buzzerOptions.parse({});
  private piezo!: Piezo;
  override setup(options: BuzzerOptions): void {
    this.settings = buzzerOptions.parse(options);
    this.piezo = this.board.piezo(this.settings.pin);
  }

  override async loop(channel: string, signal: string): Promise<string> {
    const bit = signal.trim();
    if (bit !== '0' && bit !== '1') throw new Error(`expected 0 or 1, got ${JSON.stringify(clipped(signal, 40))}`);
    if (bit === '1') await this.piezo.on();
    else await this.piezo.off();
    const behaviour = bit === '1' ? this.settings.sound : '...';
    this.report({ event: 'signal', channel, signal: bit, reply: behaviour });
    return behaviour;
  }
}
