import type { BoardIdentity } from '../boards/board.js';
import type { PinmeshEvent } from './event-types.js';

const observed = (source: string) => (source === 'mcu' ? ' (observed on the MCU)' : '');

/** `StandardFirmata.ino 2.4 on simulated ATmega328P (sim)`. */
export function describeBoard(identity: BoardIdentity): string {
  return `${identity.firmware} ${identity.version} on ${identity.port} (${identity.kind})`;
}

/** The human line for an event, in the article's style (the `[ node ]` prefix is the sink's). */
export function humanLine(event: PinmeshEvent): string {
  switch (event.event) {
    case 'connecting':
      return `connecting to ${event.port} — ${event.hint}…`;
    case 'board':
      return describeBoard(event);
    case 'online':
      return `board back online: ${describeBoard(event)}`;
    case 'offline':
      return `board offline: ${event.reason}`;
    case 'closed':
      return 'outputs driven LOW, piezo silent, board released';
    case 'warning':
      return event.warning;
    case 'listening':
      return `serving on ${event.url}`;
    case 'auth':
      return `refused ${event.remote}: ${authLine(event)}`;
    case 'limit':
      return event.limit === 'connections'
        ? `refused ${event.remote}: already ${event.max} clients connected`
        : `closed ${event.remote} on ${event.channel}: more than ${event.max} frames waiting for replies`;
    case 'connected':
      return `new client connected, path=${event.channel}`;
    case 'disconnected':
      return `done processing messages on ${event.channel} (${event.code})`;
    case 'waiting':
      if (event.url) return `waiting for ${event.peer} at ${event.url} (${event.reason}, attempt ${event.attempt})`;
      return event.reason ? `waiting for ${event.peer} (${event.reason}, attempt ${event.attempt})` : `waiting for ${event.peer}`;
    case 'broker':
      return brokerLine(event);
    case 'announced':
      return `announced on ${event.topic}${event.url ? ` (${event.url})` : ''}`;
    case 'found':
      return event.previous ? `${event.peer} moved: ${event.previous} → ${event.url}` : `found ${event.peer} at ${event.url}`;
    case 'pin':
      return `pin ${event.pin} → ${event.value === 1 ? 'HIGH' : 'LOW'}${observed(event.source)}`;
    case 'buzz': {
      const pitch = event.frequency ? ` at ${Math.round(event.frequency)} Hz` : '';
      return `piezo on pin ${event.pin} ${event.on ? `sounding${pitch}` : 'silent'}${observed(event.source)}`;
    }
    case 'pwm': {
      const pitch = event.frequency ? ` (${Math.round(event.frequency)} Hz)` : '';
      return `pin ${event.pin} PWM at ${Math.round((event.duty / 255) * 100)} %${pitch}${observed(event.source)}`;
    }
    case 'input': {
      const reading = event.mode === 'digital' ? `input → ${event.value === 1 ? 'HIGH' : 'LOW'}` : `analog input ${event.value}`;
      return `pin ${event.pin} ${reading}${observed(event.source)}`;
    }
    case 'servo': {
      if (event.degrees === undefined) return `servo on pin ${event.pin} detached: no pulses, holding no position${observed(event.source)}`;
      const pulse = event.pulseUs !== undefined ? ` (${event.pulseUs} µs pulses)` : '';
      return `servo on pin ${event.pin} → ${event.degrees}°${pulse}${observed(event.source)}`;
    }
    case 'button':
      return `button on pin ${event.pin} ${event.pressed ? 'pressed' : 'released'}`;
    case 'tick':
      return 'target' in event ? `> ${event.tick}` : `new tick triggered on ${event.channel}: ${event.message}`;
    case 'bits':
      return `toggling pin state: [${event.bits.join(', ')}]`;
    case 'ack':
      return 'peer' in event ? `${event.peer} < ${event.message} > ${event.reply}` : `< ${event.reply}`;
    case 'signal':
      return `signal ${event.signal} received on ${event.channel} -> ${event.reply}`;
    case 'armed':
      return `press the button on pin ${event.pin} to tick ${event.target}${event.presses > 0 ? ` (${event.presses} press${event.presses === 1 ? '' : 'es'})` : ''}`;
    case 'keys':
      return event.tty
        ? `press space or Enter to press the simulated button on pin ${event.pin} (Ctrl-C to stop)`
        : `stdin is not a terminal: no keys press the simulated button on pin ${event.pin}`;
    case 'serial':
      return `simulated Uno on serial port ${event.path} (→ ${event.pty}); use it with --board uno --serial-port ${event.path}`;
    case 'client':
      return event.action === 'opened'
        ? `a client opened ${event.path}: the simulated Uno resets, as DTR resets a real Uno`
        : `the client closed ${event.path}; the simulated Uno runs on`;
    case 'done':
      return `${event.acked} of ${event.ticks} ticks acknowledged`;
    case 'view':
      return `live view on ${event.url}${event.signIn ? ' (sign in with the one-time link printed on stderr, or the mesh token)' : ''}`;
    case 'log':
      return event.text;
    case 'error':
      return errorLine(event);
    case 'stopping':
      return `${event.signal}: stopping, driving outputs LOW`;
    default:
      return unreachable(event);
  }
}

function brokerLine(event: Extract<PinmeshEvent, { event: 'broker' }>): string {
  const why = event.reason ? ` (${event.reason})` : '';
  switch (event.state) {
    case 'connected':
      return `connected to the broker ${event.broker}`;
    case 'lost':
      return `lost the broker ${event.broker}${why}: carrying on with the addresses known, reconnecting`;
    case 'unreachable':
      return `the broker ${event.broker} is not reachable${why}: carrying on without it, retrying`;
  }
}

function errorLine(event: Extract<PinmeshEvent, { event: 'error' }>): string {
  switch (event.scope) {
    case 'server':
      return `server error: ${event.error}`;
    case 'handshake':
      return `handshake check failed: ${event.error}`;
    case 'connection':
      return `connection on ${event.channel}: ${event.error}`;
    case 'loop':
      return `loop failed on ${event.channel} for ${JSON.stringify(event.message)}: ${event.error}`;
    case 'clock':
      return event.reply !== undefined ? `< ${event.reply}` : event.error;
    case 'command':
      return event.error;
  }
}

function authLine(event: Extract<PinmeshEvent, { event: 'auth' }>): string {
  switch (event.reason) {
    case 'origin':
      return `origin ${JSON.stringify(event.origin ?? '')} is not allowed (${event.advice ?? 'allow it with --allow-origin'})`;
    case 'throttled':
      return 'too many wrong tokens, slowed down';
    default:
      return event.reason;
  }
}

function unreachable(event: never): string {
  return JSON.stringify(event);
}
