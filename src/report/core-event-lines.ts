import type { BoardIdentity } from './board-observations.js';
import type { CoreEventName, EventLine, EventOf } from './event-types.js';

/** ` (observed on the MCU)` for what the simulated Uno's registers showed; nothing for what the host wrote. */
export const observed = (source: string) => (source === 'mcu' ? ' (observed on the MCU)' : '');

/** `StandardFirmata.ino 2.4 on simulated ATmega328P (sim)`. */
export function describeBoard(identity: BoardIdentity): string {
  const firmware = identity.version ? `${identity.firmware} ${identity.version}` : identity.firmware;
  return `${firmware} on ${identity.port} (${identity.kind})`;
}

/** The human line of each of pinmesh's own events (every one has its line: the compiler asks for it). */
export const coreEventLines: { readonly [K in CoreEventName]: EventLine<K> } = {
  connecting: (event) => `connecting to ${event.port} — ${event.hint}…`,
  board: (event) => describeBoard(event),
  online: (event) => `board back online: ${describeBoard(event)}`,
  offline: (event) => `board offline: ${event.reason}`,
  closed: (event) =>
    event.outputs === 'unreachable'
      ? 'the board was offline: its outputs could not be driven LOW (check it), board released'
      : `outputs driven LOW${event.piezo === false ? '' : ', piezo silent'}, board released`,
  warning: (event) => event.warning,
  listening: (event) => `serving on ${event.url}`,
  auth: (event) => `refused ${event.remote}: ${authLine(event)}`,
  limit: (event) => {
    switch (event.limit) {
      case 'connections':
        return `refused ${event.remote}: already ${event.max} clients connected`;
      case 'connections-per-address':
        return `refused ${event.remote}: already ${event.max} clients connected from that address`;
      case 'queued':
        return `closed ${event.remote} on ${event.channel}: more than ${event.max} frames waiting for replies`;
      case 'idle':
        return `closed ${event.remote} on ${event.channel}: nothing received for ${Math.round(event.max / 1000)} s`;
    }
  },
  connected: (event) => `new client connected, path=${event.channel}`,
  // Every frame gets its reply: the sketch's own events say what happened, so the person is not told twice.
  replied: () => undefined,
  disconnected: (event) => `done processing messages on ${event.channel} (${event.code})`,
  waiting: (event) => {
    // One line per wait: the retries after the first tell a person nothing new (--json has each).
    if (event.attempt !== undefined && event.attempt > 1) return undefined;
    if (event.url) return `waiting for ${event.peer} at ${event.url} (${event.reason}, attempt ${event.attempt})`;
    return event.reason ? `waiting for ${event.peer} (${event.reason}, attempt ${event.attempt})` : `waiting for ${event.peer}`;
  },
  broker: (event) => brokerLine(event),
  announced: (event) => `announced on ${event.topic}${event.url ? ` (${event.url})` : ''}`,
  found: (event) => (event.previous ? `${event.peer} moved: ${event.previous} → ${event.url}` : `found ${event.peer} at ${event.url}`),
  pin: (event) => `pin ${event.pin} → ${event.value === 1 ? 'HIGH' : 'LOW'}${observed(event.source)}`,
  pwm: (event) => {
    const pitch = event.frequency ? ` (${Math.round(event.frequency)} Hz)` : '';
    return `pin ${event.pin} PWM at ${Math.round((event.duty / 255) * 100)} %${pitch}${observed(event.source)}`;
  },
  input: (event) => {
    // A knob at rest is reported every sampling interval: a person is told when it moves.
    if (event.unchanged) return undefined;
    const reading = event.mode === 'digital' ? `input → ${event.value === 1 ? 'HIGH' : 'LOW'}` : `analog input ${event.value}`;
    return `pin ${event.pin} ${reading}${observed(event.source)}`;
  },
  servo: (event) => {
    if (event.degrees === undefined) return `servo on pin ${event.pin} detached: no pulses, holding no position${observed(event.source)}`;
    const pulse = event.pulseUs !== undefined ? ` (${event.pulseUs} µs pulses)` : '';
    return `servo on pin ${event.pin} → ${event.degrees}°${pulse}${observed(event.source)}`;
  },
  keys: (event) =>
    event.tty
      ? `press space or Enter to press the simulated button on pin ${event.pin} (Ctrl-C to stop)`
      : `stdin is not a terminal: no keys press the simulated button on pin ${event.pin}`,
  serial: (event) => {
    const board = event.board ?? 'uno';
    const use = `simulated ${simTitle(board)} on serial port ${event.path} (→ ${event.pty}); use it with --board ${board} --serial-port ${event.path}`;
    return event.bootloader ? `${use}, or flash it with pinmesh flash${board === 'uno' ? '' : ` --board ${board}`} --serial-port ${event.path}` : use;
  },
  client: (event) =>
    event.action === 'opened'
      ? `a client opened ${event.path}: the simulated ${simTitle(event.board)} resets, as DTR resets a real ${simTitle(event.board)}`
      : `the client closed ${event.path}; the simulated ${simTitle(event.board)} runs on`,
  tcp: (event) => `simulated ${simTitle(event.board)} on TCP port ${event.url.slice('tcp://'.length)} (Firmata over TCP); use it with --board ${event.url}`,
  'tcp-client': (event) =>
    event.action === 'opened'
      ? `a client connected from ${event.remote}: the simulated ${simTitle(event.board)} resets`
      : event.action === 'closed'
        ? `the client ${event.remote} went away; the simulated ${simTitle(event.board)} runs on`
        : `refused ${event.remote}: another client holds the simulated ${simTitle(event.board)}'s serial line`,
  view: (event) => `live view on ${event.url}${event.signIn ? ' (sign in with the one-time link printed on stderr, or the mesh token)' : ''}`,
  log: (event) => event.text,
  error: (event) => errorLine(event),
  stopping: (event) => (event.outputs === false ? `${event.signal}: stopping` : `${event.signal}: stopping, driving outputs LOW`),
};

/** The board `pinmesh sim` simulates, as its lines name it (an event without `board` is the Uno's). */
function simTitle(board: string | undefined): string {
  return board === 'mega' ? 'Mega 2560' : 'Uno';
}

function brokerLine(event: EventOf<'broker'>): string {
  const why = event.reason ? ` (${event.reason})` : '';
  switch (event.state) {
    case 'connected':
      return `connected to the broker ${event.broker}`;
    case 'lost':
      return `lost the broker ${event.broker}${why}: carrying on with the addresses known, reconnecting`;
    case 'unreachable':
      return `the broker ${event.broker} is not reachable${why}: carrying on without it, retrying`;
    case 'refused':
      return `${event.reason ?? `the broker ${event.broker} refused the login`}; carrying on without it, trying again every 30 s`;
  }
}

function errorLine(event: EventOf<'error'>): string | undefined {
  switch (event.scope) {
    case 'server':
      return `server error: ${event.error}`;
    case 'handshake':
      return `handshake check failed: ${event.error}`;
    case 'connection':
      return `connection on ${event.channel}: ${event.error}`;
    case 'loop':
      return `loop failed on ${event.channel} for ${JSON.stringify(event.message)}${event.at ? ` at ${event.at}` : ''}: ${event.error}`;
    case 'clock':
      // A failed tick; or the clock's end, which is thrown too: the command prints that once (pinmesh: …).
      return event.reply !== undefined ? `< ${event.reply}` : undefined;
    case 'command':
      return event.error;
  }
}

function authLine(event: EventOf<'auth'>): string {
  switch (event.reason) {
    case 'origin':
      return `origin ${JSON.stringify(event.origin ?? '')} is not allowed (${event.advice ?? 'allow it with --allow-origin; security.allowOrigins in a program'})`;
    case 'host':
      return `Host ${JSON.stringify(event.host ?? '')} is not allowed (${event.advice ?? 'open the page at the URL pinmesh printed'})`;
    case 'throttled':
      return 'too many wrong tokens, slowed down';
    default:
      return event.reason;
  }
}
