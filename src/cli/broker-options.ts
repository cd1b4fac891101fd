import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { defaultDiscoveryPrefix, defaultKeepalive, parseBrokerUrl, type BrokerSettings } from '../fleet/broker.js';
import { checkTopicName, defaultFleet } from '../fleet/topics.js';
import type { Circuit } from '../mesh/circuit.js';
import { readPem } from '../security/tls.js';
import * as parse from './parse.js';

/** The fleet's flags: which broker, which fleet, how to log in (never a password in a flag). */
export interface BrokerFlags {
  broker?: string;
  fleet?: string;
  brokerPasswordFile?: string;
  brokerCa?: string;
  brokerKeepalive?: number;
  homeassistant?: boolean;
}

export function brokerOptions(command: Command): Command {
  return command
    .option('--broker <url>', 'MQTT broker of the fleet (mqtt://HOST:1883, mqtts://HOST:8883): nodes announce themselves there and find each other by name')
    .option('--fleet <name>', `the fleet's name on the broker (default "${defaultFleet}")`)
    .option('--broker-password-file <path>', 'file holding the broker password (or set PINMESH_BROKER_PASSWORD); the user name goes in the URL (mqtt://USER@HOST) or PINMESH_BROKER_USERNAME')
    .option('--broker-ca <file>', 'CA certificate (PEM) to trust for an mqtts:// broker, e.g. a self-signed one')
    .option('--broker-keepalive <seconds>', `keepalive with the broker; a node gone silent is marked offline within 1.5 times this (default ${defaultKeepalive})`, parse.number({ integer: true, min: 1, max: 3600 }))
    .option('--homeassistant', 'also announce the board (LED, piezo, online) through Home Assistant MQTT discovery');
}

/** The broker from the flags, else the circuit file's; undefined when neither names one (the circuit file alone then). */
export async function readBroker(flags: BrokerFlags, circuit: Circuit, env: NodeJS.ProcessEnv = process.env): Promise<BrokerSettings | undefined> {
  const fromFile = typeof circuit.broker === 'string' ? { url: circuit.broker } : circuit.broker;
  const text = flags.broker ?? fromFile?.url;
  if (text === undefined) return undefined;
  const { url, username: inUrl } = parseBrokerUrl(text, flags.broker !== undefined ? '--broker' : 'the circuit file\'s "broker"');
  const username = inUrl ?? nonEmpty(env.PINMESH_BROKER_USERNAME);
  const password = await readPassword(flags.brokerPasswordFile, env);
  if (password !== undefined && username === undefined) {
    throw new UserError('a broker password was given without a user name: put it in the URL (mqtt://USER@HOST:1883) or set PINMESH_BROKER_USERNAME');
  }
  const ca = flags.brokerCa === undefined ? undefined : await readPem(flags.brokerCa, '--broker-ca', 'CERTIFICATE');
  return {
    url,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(ca !== undefined ? { ca } : {}),
    keepalive: flags.brokerKeepalive ?? fromFile?.keepalive ?? defaultKeepalive,
    fleet: checkTopicName(flags.fleet ?? fromFile?.fleet ?? defaultFleet, 'fleet'),
    homeassistant: flags.homeassistant ?? fromFile?.homeassistant ?? false,
    discoveryPrefix: fromFile?.discoveryPrefix ?? defaultDiscoveryPrefix,
  };
}

async function readPassword(file: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (file === undefined) return nonEmpty(env.PINMESH_BROKER_PASSWORD);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `broker password file ${file} does not exist` : `cannot read broker password file ${file}: ${code ?? String(error)}`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new UserError(`broker password file ${file} is empty: put the broker password in it`);
  return password;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
