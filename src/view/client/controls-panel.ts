import type { ControlsState } from '../shared/view-state.js';
import { sendControl } from './control-request.js';
import { byId, make } from './dom.js';

/** Actions the page offers another way than a button (a replay's scrubber seeks). */
const notButtons = new Set(['seek']);

/** Whether an action makes sense now (the others are shown disabled). */
function usable(action: string, state: ControlsState): boolean {
  switch (action) {
    case 'tick':
      return state.clock === 'running' || state.clock === 'paused';
    case 'pause':
      return state.replay ? state.replay.playing : state.clock === 'running';
    case 'play':
      return state.replay !== undefined && !state.replay.playing;
    case 'resume':
      return state.clock === 'paused';
    case 'unplug':
      return state.cable === 'plugged';
    case 'plug':
      return state.cable === 'unplugged';
    default:
      return true;
  }
}

const clockText: Record<ControlsState['clock'], string> = {
  running: 'the clock is ticking',
  paused: 'the clock is paused',
  done: 'the clock has sent all its ticks',
  none: '',
};

/** A button for each control the view offers (whatever they are: a new one needs no change here). */
export class ControlsPanel {
  private readonly box = byId('controls');
  private readonly reply = byId('control-reply');
  private readonly clock = byId('clock-status');

  render(state: ControlsState): void {
    this.box.replaceChildren(
      ...state.actions.filter(({ action }) => !notButtons.has(action)).map(({ action, label }) => {
        const button = make('button', { type: 'button', id: `control-${action}`, 'data-action': action }, label);
        button.disabled = !usable(action, state);
        button.addEventListener('click', () => void this.run(action, button));
        return button;
      }),
    );
    this.clock.textContent = clockText[state.clock];
    this.clock.dataset.clock = state.clock;
    this.box.dataset.cable = state.cable;
  }

  private async run(action: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const reply = await sendControl({ action });
    this.say(reply.message, reply.ok);
    button.disabled = false;
  }

  say(text: string, ok: boolean): void {
    this.reply.textContent = text;
    this.reply.dataset.ok = String(ok);
  }
}
