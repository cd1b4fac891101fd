import { errorMessage } from '../errors.js';
import type { ControlReply, ControlRequest } from './shared/feed-protocol.js';
import type { ControlsState } from './shared/view-state.js';

export interface ViewControl {
  label: string;
  /** Does it (as `request`, the page's body, asks: a seek's `at`); resolves with what to tell the person, or rejects with why it could not. */
  run(request: Partial<ControlRequest>): Promise<string> | string;
}

/**
 * The buttons of the view, by action name (`POST /control {"action": "tick"}`). Each part of the
 * command adds its own: the clock (tick, pause, resume), a board with a cable (unplug, plug); a
 * later one (issue 12's button press) is one more `add`, and the page shows a button for it.
 */
export class ViewControls {
  /** Bound: one per control the run offers (the clock's, the cable's), added at start. */
  private readonly controls = new Map<string, ViewControl>();
  private readonly status: Omit<ControlsState, 'actions'> = { clock: 'none', cable: 'none' };

  constructor(private readonly onChange: (state: ControlsState) => void = () => {}) {}

  add(action: string, control: ViewControl): void {
    this.controls.set(action, control);
    this.changed();
  }

  /** The clock's, the cable's or the replay's state changed. */
  set(status: Partial<Omit<ControlsState, 'actions'>>): void {
    Object.assign(this.status, status);
    this.changed();
  }

  state(): ControlsState {
    return { actions: [...this.controls].map(([action, { label }]) => ({ action, label })), ...this.status };
  }

  /** Runs what the page's body (`{"action": …}`) asks for. */
  async run(request: unknown): Promise<ControlReply & { status: number }> {
    const body = (typeof request === 'object' && request !== null ? request : {}) as Partial<Record<keyof ControlRequest, unknown>>;
    const action = body.action;
    const control = typeof action === 'string' ? this.controls.get(action) : undefined;
    if (!control) return { status: 404, ok: false, message: `no such control ${JSON.stringify(String(action).slice(0, 40))}: this view has ${[...this.controls.keys()].join(', ') || 'none'}` };
    try {
      return { status: 200, ok: true, message: await control.run({ action: action as string, ...(typeof body.at === 'number' && Number.isFinite(body.at) ? { at: body.at } : {}) }) };
    } catch (error) {
      return { status: 409, ok: false, message: errorMessage(error) };
    }
  }

  private changed(): void {
    this.onChange(this.state());
  }
}
