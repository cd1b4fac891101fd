import { make, type WokwiArduino } from './dom.js';

/** The @wokwi/elements drawing of each board pinmesh knows by name; an unknown board is drawn as an Uno. */
const drawings = { uno: 'wokwi-arduino-uno', nano: 'wokwi-arduino-nano', mega: 'wokwi-arduino-mega' } as const;
type Drawn = keyof typeof drawings;

const drawnAs = (board: string | undefined): Drawn => (board !== undefined && Object.hasOwn(drawings, board) ? (board as Drawn) : 'uno');

/**
 * The board's picture: the Uno, the Nano or the Mega, as the board's identity names it, with its
 * own LEDs: "L" (pin 13 on all three) and the power LED. The LEDs' states are kept here and set
 * again on a new drawing, and once @wokwi/elements (a classic script, loaded after this module)
 * has defined the element: a property set on it before would hide the element's own.
 */
export class BoardDrawing {
  private readonly leds = { led13: false, ledPower: false };

  /** `element`: the page's drawing, its board in `data-board`; replaced by the drawing of another board. */
  constructor(private element: WokwiArduino) {
    this.whenDefined();
  }

  /** Draws `board` ("uno", "nano", "mega"; anything else as the Uno), if it is not the one drawn. */
  show(board: string | undefined): void {
    const drawn = drawnAs(board);
    if (drawn === drawnAs(this.element.dataset.board)) return;
    const next = make(drawings[drawn], { id: this.element.id, 'data-board': drawn });
    this.element.replaceWith(next);
    this.element = next;
    this.whenDefined();
  }

  set led13(on: boolean) {
    this.leds.led13 = on;
    this.apply();
  }

  set ledPower(on: boolean) {
    this.leds.ledPower = on;
    this.apply();
  }

  private whenDefined(): void {
    const element = this.element;
    void customElements.whenDefined(element.localName).then(() => {
      for (const name of ['led13', 'ledPower'] as const) {
        if (Object.prototype.hasOwnProperty.call(element, name)) delete (element as Partial<WokwiArduino>)[name];
      }
      if (element === this.element) this.apply();
    });
  }

  private apply(): void {
    this.element.dataset.led13 = this.leds.led13 ? '1' : '0';
    if (!customElements.get(this.element.localName)) return;
    this.element.led13 = this.leds.led13;
    this.element.ledPower = this.leds.ledPower;
  }
}
