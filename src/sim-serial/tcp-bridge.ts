/**
 * The simulated Uno on a TCP port (`pinmesh sim --tcp PORT`): Firmata over TCP, as a board running
 * StandardFirmataWiFi or StandardFirmataEthernet speaks it, so `--board tcp://HOST:PORT` (or any
 * Firmata client that speaks TCP) drives the real StandardFirmata on the emulated MCU.
 *
 * One client at a time, as a serial port is opened by one: a second connection is told why (a Firmata
 * string) and closed at once.
 * A connection opens the MCU's serial line (which resets it, as the serial bridge's DTR does) and
 * closing it leaves the MCU running as the client left it. Unplugging the simulated board closes the
 * client's connection, and a connection made while it is unplugged is closed at once.
 * Listens on 127.0.0.1 unless told otherwise: Firmata over TCP has no authentication.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { firmataString } from '../boards/firmata/firmata-string.js';
import { DEFAULT_BOARD_PORT } from '../boards/remote/protocol.js';
import { hostPort } from '../host-port.js';
import type { SimulatedUno } from '../boards/sim/simulated-uno.js';
import { listening } from '../net/listen.js';
import { wsUrl } from '../net/ws-url.js';
import type { ByteTransport } from '../serial/byte-transport.js';

export interface TcpBridgeOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface TcpBridgeEvents {
  /** A client connected (from `remote`, HOST:PORT) and holds the MCU's serial line. */
  opened: [remote: string];
  /** The client went away (or the cable was pulled while it was connected). */
  closed: [remote: string];
  /** A second client was turned away (told so): the line is held. */
  refused: [remote: string];
}

/** Bytes from the board waiting for a client that does not read are dropped beyond this, as a UART overruns. */
const MAX_BUFFERED_BYTES = 64 * 1024;

export class TcpBridge extends EventEmitter<TcpBridgeEvents> {
  private server: Server | undefined;
  private client: Socket | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly uno: SimulatedUno,
    private readonly options: TcpBridgeOptions,
  ) {
    super();
  }

  /** Listens; resolves with the address clients connect to (the port the OS gave, for port 0). */
  async start(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    const server = createServer((socket) => void this.serve(socket));
    this.server = server;
    await listening(server, host, this.options.port);
    const address = server.address();
    return { host, port: typeof address === 'object' && address ? address.port : this.options.port };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Tells a second client why, as a Firmata string (what a Firmata client reads as the board's words;
   * pinmesh's --board tcp:// shows it), then closes its connection. What it sends meanwhile is read and
   * dropped, so the close is a clean one that does not lose the reason on the way.
   */
  private turnAway(socket: Socket, holder: Socket): void {
    const board = `the simulated ${this.uno.model.title}`;
    const here = `tcp://${hostPort(socket.localAddress ?? '?', socket.localPort ?? 0)}`;
    const why =
      `another client (${hostPort(holder.remoteAddress ?? '?', holder.remotePort ?? 0)}) holds ${board}'s serial line, one client at a time: ` +
      `close that client first, or let one program hold the board and share it (pinmesh board --board ${here}, then --board ${wsUrl('127.0.0.1', DEFAULT_BOARD_PORT)} in each program)`;
    socket.resume();
    socket.end(firmataString(why));
    setTimeout(() => socket.destroy(), 1_000).unref();
  }

  private async serve(socket: Socket): Promise<void> {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.sockets.add(socket);
    socket.on('error', () => undefined); // a client that vanished: its 'close' follows
    socket.once('close', () => this.sockets.delete(socket));
    if (this.client) {
      this.emit('refused', remote);
      this.turnAway(socket, this.client);
      return;
    }
    this.client = socket;
    socket.setNoDelay(true);
    let transport: ByteTransport;
    try {
      transport = await this.uno.openTransport(); // resets the MCU: the firmware boots and announces itself
    } catch {
      this.client = undefined;
      socket.destroy(); // no power: nothing answers, as a board whose cable is out
      return;
    }
    if (socket.destroyed) {
      this.client = undefined;
      await transport.close();
      return;
    }
    this.emit('opened', remote);
    socket.on('data', (bytes: Buffer) => transport.isOpen && transport.write(bytes));
    transport.on('data', (bytes: Buffer) => {
      if (socket.writableLength < MAX_BUFFERED_BYTES) socket.write(bytes);
    });
    // The MCU lost its serial line (power off): the client's connection goes with it.
    transport.on('close', () => socket.destroy());
    socket.once('close', () => {
      if (this.client === socket) this.client = undefined;
      void transport.close();
      this.emit('closed', remote);
    });
  }
}
