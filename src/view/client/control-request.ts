import type { ControlReply, ControlRequest } from '../shared/feed-protocol.js';
import { controlHeaders } from './session.js';

/** Asks the view for a control (`POST /control`); resolves with its reply, or why it did not answer. */
export async function sendControl(request: ControlRequest): Promise<ControlReply> {
  try {
    const response = await fetch('/control', { method: 'POST', headers: { 'Content-Type': 'application/json', ...controlHeaders() }, body: JSON.stringify(request), credentials: 'same-origin' });
    return response.headers.get('Content-Type')?.startsWith('application/json') ? ((await response.json()) as ControlReply) : { ok: false, message: (await response.text()).trim() };
  } catch (error) {
    return { ok: false, message: `the view did not answer: ${String(error)}` };
  }
}
