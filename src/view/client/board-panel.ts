import type { NodeEvent } from '../../report/event-types.js';
import type { BoardView, ViewState } from '../shared/view-state.js';
import { BoardDrawing } from './board-drawing.js';
import { byId, make, type WokwiArduino, type WokwiBuzzer, type WokwiLed } from './dom.js';
import { stillWhenSilent } from './still-when-silent.js';

const statusText: Record<BoardView['status'], string> = {
  none: 'no board',
  connecting: 'connecting…',
  online: 'online',
  offline: 'offline',
  closed: 'released',
};

/**
 * The board: its drawing (an Uno, a Nano or a Mega, whose on-board LED "L" is pin 13), an LED for each digital output and
 * a piezo for each PWM output of the plan (or seen in the events), and the board's state. A pin's
 * LED is set on each `pin` event, as it arrives: lit exactly when the board said HIGH.
 */
export class BoardPanel {
  private readonly drawing = new BoardDrawing(byId<WokwiArduino>('board-drawing'));
  private readonly status = byId('board-status');
  private readonly identity = byId('board-identity');
  private readonly outputs = byId('outputs');
  private readonly leds = new Map<number, { led: WokwiLed; reading: HTMLElement }>();
  private readonly piezos = new Map<number, { buzzer: WokwiBuzzer; reading: HTMLElement }>();

  /** Draws everything from a snapshot. */
  reset(state: ViewState): void {
    this.outputs.replaceChildren();
    this.leds.clear();
    this.piezos.clear();
    for (const node of state.layout.nodes) {
      for (const { pin, mode } of node.pins) {
        if (mode === 'digital-out') this.ledOf(pin, node.name);
        if (mode === 'pwm') this.piezoOf(pin, node.name);
      }
    }
    for (const [pin, level] of Object.entries(state.pins)) this.showPin(Number(pin), level.value, level.at, level.node);
    for (const [pin, tone] of Object.entries(state.piezos)) this.showPiezo(Number(pin), tone.on, tone.frequency, tone.node);
    this.showBoard(state.board);
  }

  /** One event, as it arrives. */
  apply(event: NodeEvent, state: ViewState): void {
    switch (event.event) {
      case 'pin':
        this.showPin(event.pin, event.value, event.at, event.node);
        break;
      case 'buzz':
        this.showPiezo(event.pin, event.on, event.frequency, event.node);
        break;
      case 'connecting':
      case 'board':
      case 'online':
      case 'offline':
      case 'closed':
        this.showBoard(state.board);
        break;
      default:
        break;
    }
  }

  private showBoard(board: BoardView): void {
    const reconnecting = board.status === 'offline' && board.kind !== 'mock';
    this.status.dataset.state = board.status;
    this.status.textContent = reconnecting ? 'offline — reconnecting…' : statusText[board.status];
    const firmware = board.firmware ? `${board.firmware} ${board.version ?? ''}` : '';
    const where = board.port ? ` on ${board.port}` : '';
    const kind = board.kind ? ` (${board.kind})` : '';
    const reason = board.status === 'offline' && board.reason ? ` — ${board.reason}` : '';
    this.identity.textContent = `${firmware}${where}${kind}${reason}`.trim();
    this.drawing.show(board.board);
    this.drawing.ledPower = board.status === 'online';
  }

  private showPin(pin: number, value: 0 | 1, at: number, node: string): void {
    const { led, reading } = this.ledOf(pin, node);
    led.value = value === 1;
    led.dataset.on = String(value);
    // The pin event this state comes from: its level and its own time (simulated ms on the MCU).
    led.dataset.level = `${value}@${at}`;
    reading.textContent = value === 1 ? 'HIGH' : 'LOW';
    if (pin === 13) this.drawing.led13 = value === 1;
  }

  private showPiezo(pin: number, on: boolean, frequency: number | undefined, node: string): void {
    const { buzzer, reading } = this.piezoOf(pin, node);
    buzzer.hasSignal = on;
    buzzer.dataset.on = on ? '1' : '0';
    buzzer.dataset.frequency = frequency === undefined ? '' : String(frequency);
    reading.textContent = on ? (frequency ? `${Math.round(frequency)} Hz` : 'sounding') : 'silent';
  }

  private ledOf(pin: number, node: string): { led: WokwiLed; reading: HTMLElement } {
    let entry = this.leds.get(pin);
    if (!entry) {
      const led = make('wokwi-led', { id: `led-${pin}`, 'data-on': '0' });
      led.color = 'red';
      led.label = `pin ${pin}`;
      const reading = make('span', { class: 'reading' }, 'LOW');
      this.outputs.append(output(led, reading, `${node}: LED on pin ${pin}`));
      entry = { led, reading };
      this.leds.set(pin, entry);
    }
    return entry;
  }

  private piezoOf(pin: number, node: string): { buzzer: WokwiBuzzer; reading: HTMLElement } {
    let entry = this.piezos.get(pin);
    if (!entry) {
      const buzzer = make('wokwi-buzzer', { id: `piezo-${pin}`, 'data-on': '0' });
      stillWhenSilent(buzzer);
      const reading = make('span', { class: 'reading' }, 'silent');
      this.outputs.append(output(buzzer, reading, `${node}: piezo on pin ${pin}`));
      entry = { buzzer, reading };
      this.piezos.set(pin, entry);
    }
    return entry;
  }
}

function output(part: HTMLElement, reading: HTMLElement, title: string): HTMLElement {
  const box = make('div', { class: 'output', title });
  box.append(part, reading, make('small', {}, title.split(': ')[1] ?? title));
  return box;
}
