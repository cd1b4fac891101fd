import type { PinmeshEvent } from './event-types.js';
import type { Reporter } from './events.js';

/**
 * A reporter that holds what it is given until release(), then passes it on in order, and
 * everything after at once. `pinmesh sim` says where its port is first: the firmware's power-on
 * blink, which happens while the port is being made, follows that line instead of burying it.
 */
export class HeldReports implements Reporter {
  private held: Array<[string, PinmeshEvent]> | undefined = [];

  constructor(private readonly reporter: Reporter) {}

  report(node: string, event: PinmeshEvent): void {
    if (this.held) this.held.push([node, event]);
    else this.reporter.report(node, event);
  }

  /** Passes on what was held, in the order it came; from now on nothing is held. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const [node, event] of held) this.reporter.report(node, event);
  }
}
