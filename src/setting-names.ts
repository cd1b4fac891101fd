/**
 * How a person gives pinmesh a setting that advice names. A program passes an option to a call
 * (`serialPort: '/dev/ttyACM0'`), the pinmesh command takes a flag (`--serial-port /dev/ttyACM0`):
 * a message that says what to pass is written once with these names, and reads in the words of
 * whoever runs it. A run says it in a program's words (`optionNames`) unless its caller hands it
 * other ones (`settingNames`, as the CLI hands its flags: `flagNames`), as it does `portAdvice`.
 * Code that only the command runs keeps the flags it has always said (the default deeper down).
 */
export interface SettingNames {
  /** Where a node listens: `port`, `host`. */
  port: string;
  host: string;
  /** Where a whole circuit's nodes listen from. */
  basePort: string;
  /** The circuit to run: `circuit` (an object or a circuit file's path). */
  circuit: string;
  /** The board to drive, as given: `board: 'mega'`. */
  board(kind: string): string;
  /** A real board's serial port: `serialPort`; with a path, as given: `serialPort: '/dev/ttyACM0'`. */
  serialPort(path?: string): string;
  /** The token a run's served nodes require of their clients. */
  nodeToken: string;
  /** The token this process presents to the nodes and board nodes it connects to. */
  ownToken: string;
  /** The certificate and key a run's served nodes serve wss:// with. */
  nodeTls: string;
  /** A certificate this process trusts for wss:// besides the public CAs (a self-signed node's). */
  ca: string;
  /** Several settings given at once: `serialPort: '/dev/x', board: 'mega'`. */
  together(...settings: string[]): string;
}

/** A program's words: the options of the calls (RunOptions and their own). */
export const optionNames: SettingNames = {
  port: 'port',
  host: 'host',
  basePort: 'basePort',
  circuit: 'circuit',
  board: (kind) => `board: '${kind}'`,
  serialPort: (path) => (path === undefined ? 'serialPort' : `serialPort: '${path}'`),
  nodeToken: 'security.token',
  ownToken: 'credentials.token',
  nodeTls: 'security.tls',
  ca: 'credentials.ca',
  together: (...settings) => settings.join(', '),
};

/** The pinmesh command's words: its flags (and the environment variable it reads the token from). */
export const flagNames: SettingNames = {
  port: '--port',
  host: '--host',
  basePort: '--base-port',
  circuit: '--circuit',
  board: (kind) => `--board ${kind}`,
  serialPort: (path) => `--serial-port ${path ?? 'PATH'}`,
  nodeToken: '--token-file FILE or PINMESH_TOKEN',
  ownToken: '--token-file FILE or PINMESH_TOKEN',
  nodeTls: '--tls-cert FILE --tls-key FILE',
  ca: '--tls-ca FILE',
  together: (...settings) => settings.join(' '),
};
