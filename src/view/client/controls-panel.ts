import type { ControlReply } from '../shared/feed-protocol.js';
import type { ControlsState } from '../shared/view-state.js';
import { byId, make } from './dom.js';
import { controlHeaders } from './session.js';

/** Whether an action makes sense now (the others are shown disabled). */
function usable(action: string, state: ControlsState): boolean {
  switch (action) {
    case 'tick':
      return state.clock === 'running' || state.clock === 'paused';
    case 'pause':
      return state.clock === 'running';
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
      ...state.actions.map(({ action, label }) => {
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
    try {
      const response = await fetch('/control', { method: 'POST', headers: { 'Content-Type': 'application/json', ...controlHeaders() }, body: JSON.stringify({ action }), credentials: 'same-origin' });
      const reply = response.headers.get('Content-Type')?.startsWith('application/json') ? ((await response.json()) as ControlReply) : { ok: false, message: (await response.text()).trim() };
      this.say(reply.message, reply.ok);
    } catch (error) {
      this.say(`the view did not answer: ${String(error)}`, false);
    } finally {
      button.disabled = false;
    }
  }

  private say(text: string, ok: boolean): void {
    this.reply.textContent = text;
    this.reply.dataset.ok = String(ok);
  }
}
