import { Button, Servo, Sketch } from 'pinmesh';

/** Turns the servo on pin 9 by 30° at every press of the button on pin 2. */
export default class Turnstile extends Sketch {
  private servo!: Servo;

  override async setup() {
    this.servo = this.board.attach(Servo, 9);                          // signal on pin 9 (wiring.md)
    const button = this.board.attach(Button, 2, { debounceMs: 25 });  // pin 2 → button → GND
    button.on('press', () => void this.servo.step(30).catch((error: Error) => this.out(`servo: ${error.message}`)));
    await this.servo.min();
    await button.start();                                              // INPUT_PULLUP; resolves with "pressed now"
  }

  override async loop(_channel: string, message: string) {
    return `servo at ${await this.servo.to(Number(message))}°`;
  }
}
