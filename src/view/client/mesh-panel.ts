import type { NodeEvent } from '../../report/event-types.js';
import type { NodeHealth, NodeLayout, ViewState } from '../shared/view-state.js';
import { byId, make, makeSvg } from './dom.js';

interface Pulse {
  from: string;
  to: string;
  label: string;
  kind: 'send' | 'reply' | 'bad';
  start: number;
  /** Its elements, once it is on the wire: moved each frame, not made again. */
  drawn?: DrawnPulse;
}

interface DrawnPulse {
  group: SVGGElement;
  dot: SVGCircleElement;
  /** Only the latest pulse of each direction of an edge is labelled. */
  label?: SVGTextElement;
}

const travelMs = 600;
const maxPulses = 60;
/** Fitted labels remembered (tick numbers grow, so the memory is bounded). */
const maxFitted = 500;
const box = { width: 120, height: 46 };

/**
 * The mesh: each node of the plan with its URL and health, an edge for each peer it talks to,
 * and each message drawn travelling along its edge (the clock's tick, the iopin's bit) followed
 * by its reply travelling back.
 */
export class MeshPanel {
  private readonly svg = byId<SVGSVGElement>('mesh');
  private readonly list = byId('nodes');
  private readonly pulsesLayer = makeSvg('g');
  private positions = new Map<string, { x: number; y: number }>();
  private pulses: Pulse[] = [];

  reset(state: ViewState): void {
    const nodes = state.layout.nodes;
    this.positions = place(nodes);
    const edges = makeSvg('g');
    for (const node of nodes) {
      for (const peer of node.peers) {
        const a = this.positions.get(node.name);
        const b = this.positions.get(peer);
        if (a && b) edges.append(makeSvg('line', { class: 'edge', x1: a.x + box.width / 2, y1: a.y, x2: b.x - box.width / 2, y2: b.y }));
      }
    }
    const boxes = makeSvg('g');
    for (const node of nodes) {
      const at = this.positions.get(node.name)!;
      const group = makeSvg('g', { class: 'node', id: `node-${node.name}`, transform: `translate(${at.x - box.width / 2} ${at.y - box.height / 2})` });
      group.append(
        makeSvg('rect', { width: box.width, height: box.height }),
        makeSvg('text', { x: 10, y: 19, class: 'name' }, node.name),
        makeSvg('text', { x: 10, y: 35, class: 'sub' }, ''),
      );
      boxes.append(group);
    }
    const rows = Math.max(1, ...[...this.positions.values()].map((at) => (at.y - 40) / 70 + 1));
    this.svg.setAttribute('viewBox', `0 0 600 ${30 + rows * 70}`);
    this.pulsesLayer.replaceChildren();
    this.svg.replaceChildren(edges, boxes, this.pulsesLayer);
    for (const name of this.svg.querySelectorAll<SVGTextElement>('.node text.name')) fitText(name, box.width - 16);
    this.pulses = [];
    this.shown.clear();
    this.listed = undefined;
    this.render(state);
  }

  /** Messages on the wire become pulses. */
  apply(event: NodeEvent): void {
    const now = performance.now();
    if (event.event === 'tick' && 'target' in event) this.add({ from: event.node, to: event.target, label: `tick ${event.tick}`, kind: 'send', start: now });
    if (event.event === 'ack' && 'tick' in event) this.add({ from: this.targetOf(event.node), to: event.node, label: event.reply, kind: 'reply', start: now });
    if (event.event === 'ack' && 'peer' in event) {
      // The bit went out and its reply came back before the event: draw both, one after the other.
      this.add({ from: event.node, to: event.peer, label: `bit ${event.message}`, kind: 'send', start: now });
      this.add({ from: event.peer, to: event.node, label: event.reply, kind: 'reply', start: now + travelMs });
    }
    if (event.event === 'error' && event.tick !== undefined) this.add({ from: this.targetOf(event.node), to: event.node, label: event.reply ?? 'error', kind: 'bad', start: now });
  }

  /**
   * Health in the boxes and the list (on each batch), changed only where it changed: a box's line
   * is fitted by measuring it, which lays the page out.
   */
  render(state: ViewState): void {
    const items = state.layout.nodes.map((node) => ({ node, health: healthShown(node, state) }));
    const listed = JSON.stringify(items.map(({ node, health }) => [node.name, health?.status, health && describe(node, health)]));
    if (listed !== this.listed) {
      this.list.replaceChildren(...items.map(({ node, health }) => this.item(node, health)));
      this.listed = listed;
    }
    for (const { node, health } of items) {
      if (!health) continue;
      const line = `${health.status}\n${summary(node, health)}`;
      if (this.shown.get(node.name) === line) continue;
      const group = this.svg.querySelector(`#node-${CSS.escape(node.name)}`);
      if (!group) continue;
      this.shown.set(node.name, line);
      group.setAttribute('data-health', health.status);
      const sub = group.querySelectorAll('text')[1];
      if (sub) {
        sub.textContent = summary(node, health);
        fitText(sub, box.width - 16);
      }
    }
  }

  /** What each box shows now (status and line), and the list's content, as last drawn. */
  private readonly shown = new Map<string, string>();
  private listed: string | undefined;

  /**
   * One animation frame: pulses move along their edges, from one box's border to the other's, and
   * the latest message of each direction is labelled at its edge's middle (sends above the line,
   * replies below), shortened to fit between the boxes: a label never sits on a node's name.
   * True while a pulse is still on the wire or due to leave: the page needs another frame.
   */
  frame(now: number): boolean {
    // A pulse that arrived leaves the page; nothing on the wire leaves the layer as it is, so the
    // page is not styled and laid out again each frame for the same picture.
    const onTheWire: Pulse[] = [];
    for (const pulse of this.pulses) {
      if (now - pulse.start < travelMs) onTheWire.push(pulse);
      else pulse.drawn?.group.remove();
    }
    this.pulses = onTheWire;
    // Each pulse's elements are made once and its dot moved each frame: made again every frame,
    // the dots and labels were styled, laid out and their text shaped anew 60 times a second.
    const labelled = new Set<string>();
    for (let i = this.pulses.length - 1; i >= 0; i--) {
      const pulse = this.pulses[i]!;
      const progress = (now - pulse.start) / travelMs;
      if (progress < 0) continue;
      const a = this.positions.get(pulse.from);
      const b = this.positions.get(pulse.to);
      if (!a || !b) continue;
      const path = between(a, b);
      const lane = pulse.kind === 'send' ? -1 : 1;
      const x = path.x1 + (path.x2 - path.x1) * progress + (path.vertical ? lane * 6 : 0);
      const y = path.y1 + (path.y2 - path.y1) * progress + (path.vertical ? 0 : lane * 6);
      const drawn = pulse.drawn ?? this.draw(pulse);
      drawn.dot.setAttribute('cx', x.toFixed(1));
      drawn.dot.setAttribute('cy', y.toFixed(1));
      const key = `${pulse.from}>${pulse.to}>${pulse.kind === 'send' ? 'send' : 'back'}`;
      const latest = !labelled.has(key);
      labelled.add(key);
      if (latest && !drawn.label) drawn.label = drawn.group.appendChild(this.label(pulse.label, path, lane));
      if (!latest && drawn.label) {
        drawn.label.remove();
        delete drawn.label;
      }
    }
    return this.pulses.length > 0;
  }

  /** A pulse's group and dot, added to the layer (on top of the pulses before it). */
  private draw(pulse: Pulse): DrawnPulse {
    const group = makeSvg('g', { class: `pulse ${pulse.kind}` });
    const dot = group.appendChild(makeSvg('circle', { r: 4 }));
    this.pulsesLayer.append(group);
    pulse.drawn = { group, dot };
    return pulse.drawn;
  }

  private label(text: string, path: Path, lane: number): SVGTextElement {
    const midX = (path.x1 + path.x2) / 2;
    const midY = (path.y1 + path.y2) / 2;
    const width = path.vertical ? box.width : Math.abs(path.x2 - path.x1) - 6;
    const key = `${width} ${text}`;
    const fitted = this.fitted.get(key);
    const label = path.vertical
      ? makeSvg('text', { x: midX + lane * 12, y: midY + 4, 'text-anchor': lane < 0 ? 'end' : 'start' }, fitted ?? text)
      : makeSvg('text', { x: midX, y: midY + (lane < 0 ? -10 : 19), 'text-anchor': 'middle' }, fitted ?? text);
    if (fitted !== undefined) return label;
    // Measured once per text and width: measuring lays the page out, and each tick brings new labels.
    this.pulsesLayer.append(label);
    const measured = label.isConnected;
    fitText(label, width);
    label.remove();
    if (measured) {
      if (this.fitted.size >= maxFitted) this.fitted.clear();
      this.fitted.set(key, label.textContent ?? '');
    }
    return label;
  }

  /** Labels as fitted to a width ("width text" → what fits), so each is measured once. */
  private readonly fitted = new Map<string, string>();

  private add(pulse: Pulse): void {
    this.pulses.push(pulse);
    if (this.pulses.length <= maxPulses) return;
    for (const dropped of this.pulses.splice(0, this.pulses.length - maxPulses)) dropped.drawn?.group.remove();
  }

  private targetOf(clock: string): string {
    return this.clockTargets.get(clock) ?? clock;
  }

  private readonly clockTargets = new Map<string, string>();

  /** The clocks' targets, from the layout (a clock has one peer: its target). */
  learn(state: ViewState): void {
    this.clockTargets.clear();
    for (const node of state.layout.nodes) if (node.role === 'clock' && node.peers[0]) this.clockTargets.set(node.name, node.peers[0]);
  }

  private item(node: NodeLayout, health: NodeHealth | undefined): HTMLElement {
    const item = make('li', { 'data-node': node.name, 'data-health': health?.status ?? 'planned' });
    item.append(make('strong', {}, node.name), make('span', {}, node.sketch === node.name ? '' : `(${node.sketch})`));
    if (node.url) item.append(make('code', {}, node.url));
    item.append(make('span', { class: 'health' }, health ? describe(node, health) : 'planned'));
    return item;
  }
}

interface Path {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  vertical: boolean;
}

/** From a's border to b's: across when they are in different columns, down (or up) when in one. */
function between(a: { x: number; y: number }, b: { x: number; y: number }): Path {
  if (a.x === b.x) {
    const down = b.y > a.y ? 1 : -1;
    return { x1: a.x, y1: a.y + (down * box.height) / 2, x2: b.x, y2: b.y - (down * box.height) / 2, vertical: true };
  }
  const right = b.x > a.x ? 1 : -1;
  return { x1: a.x + (right * box.width) / 2, y1: a.y, x2: b.x - (right * box.width) / 2, y2: b.y, vertical: false };
}

/**
 * Shortens a text element (with "…") until it is at most `width` wide; measured by the browser,
 * so only once it is in the page (a detached element measures 0 and is left whole).
 */
function fitText<T extends SVGTextElement>(element: T, width: number): T {
  const whole = element.textContent ?? '';
  if (!element.isConnected) return element;
  let length = whole.length;
  while (length > 0 && element.getComputedTextLength() > width) {
    length--;
    element.textContent = `${whole.slice(0, length)}…`;
  }
  if (length === 0) element.textContent = '';
  return element;
}

/**
 * A node's health as the page shows it: a clock the page paused says `paused` (its events only say
 * it ticked, and the Controls card would contradict a box still saying "ticking").
 */
function healthShown(node: NodeLayout, state: ViewState): NodeHealth | undefined {
  const health = state.health[node.name];
  if (health && node.role === 'clock' && health.status === 'ticking' && state.controls.clock === 'paused') return { ...health, status: 'paused' };
  return health;
}

function summary(node: NodeLayout, health: NodeHealth): string {
  if (node.role === 'clock') return health.lastTick === undefined ? health.status : `#${health.lastTick} ${health.lastReply ?? '…'}`;
  if (!node.local) return 'elsewhere';
  return `${health.status} · ${health.clients} client${health.clients === 1 ? '' : 's'}`;
}

function describe(node: NodeLayout, health: NodeHealth): string {
  const parts: string[] = [health.status];
  if (node.role === 'clock') parts.push(`${health.answered} acknowledged`);
  else if (node.local) parts.push(`${health.clients} connected, ${health.answered} answered`);
  if (health.errors > 0) parts.push(`${health.errors} errors`);
  if (health.note) parts.push(health.note);
  return parts.join(' · ');
}

/** Left to right: the clocks, then each node one column after the node that talks to it. */
function place(nodes: NodeLayout[]): Map<string, { x: number; y: number }> {
  const column = new Map<string, number>();
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const visit = (name: string, depth: number, trail: Set<string>) => {
    if (trail.has(name) || (column.get(name) ?? -1) >= depth) return;
    column.set(name, depth);
    for (const peer of byName.get(name)?.peers ?? []) visit(peer, depth + 1, new Set([...trail, name]));
  };
  const talkedTo = new Set(nodes.flatMap((node) => node.peers));
  for (const node of nodes) if (!talkedTo.has(node.name)) visit(node.name, 0, new Set());
  for (const node of nodes) if (!column.has(node.name)) visit(node.name, 0, new Set());
  const columns = Math.max(1, ...[...column.values()].map((c) => c + 1));
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const c = column.get(node.name) ?? 0;
    const row = rows.get(c) ?? 0;
    rows.set(c, row + 1);
    positions.set(node.name, { x: 70 + (c * 460) / Math.max(1, columns - 1 || 1), y: 40 + row * 70 });
  }
  return positions;
}
