import { describeBoard } from '../report/human-line.js';
import type { FleetNode } from './fleet-view.js';

/** One node as `pinmesh nodes --json` prints it: every field present, null when unknown. */
export interface ListedNode {
  node: string;
  status: FleetNode['status'];
  url: string | null;
  sketch: string | null;
  board: string | null;
  token: boolean | null;
  tls: boolean | null;
  pinmesh: string | null;
  since: string | null;
  lastSeen: string | null;
}

export function listedNode(node: FleetNode): ListedNode {
  const info = node.info;
  return {
    node: node.name,
    status: node.status,
    url: info?.url ?? null,
    sketch: info?.sketch ?? null,
    board: info?.board ? describeBoard(info.board) : null,
    token: info?.token ?? null,
    tls: info?.tls ?? null,
    pinmesh: info?.pinmesh ?? null,
    since: info?.since ?? null,
    lastSeen: node.lastSeen ?? null,
  };
}

/** `now` for a node online, `12 s ago` otherwise. */
export function lastSeenText(node: ListedNode, now = Date.now()): string {
  if (node.status === 'online') return 'now';
  if (!node.lastSeen) return '-';
  const seconds = Math.max(0, Math.round((now - Date.parse(node.lastSeen)) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return node.lastSeen;
}

/** The fleet as a table, nodes by name. */
export function fleetTable(nodes: ListedNode[], now = Date.now()): string[] {
  if (nodes.length === 0) return ['No node has announced itself in this fleet yet: start one with the same --broker (and --fleet).'];
  const header = ['NODE', 'STATUS', 'URL', 'SKETCH', 'BOARD', 'LAST SEEN'];
  const rows = [...nodes]
    .sort((a, b) => a.node.localeCompare(b.node))
    .map((n) => [n.node, n.status, n.url ?? '-', n.sketch ?? '-', n.board ?? '-', lastSeenText(n, now)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((cells) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

/** One line for a change while watching: `buzzer offline (last seen 3 s ago)`. */
export function changeLine(node: ListedNode, now = Date.now()): string {
  if (node.status === 'online') return `${node.node} online${node.url ? ` at ${node.url}` : ''}${node.sketch ? ` (${node.sketch})` : ''}`;
  if (node.status === 'offline') return `${node.node} offline (last seen ${lastSeenText(node, now)})`;
  return `${node.node} ${node.url ? `announced at ${node.url}` : 'forgotten'}`;
}
