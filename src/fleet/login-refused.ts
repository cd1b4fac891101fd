import { UserError } from '../errors.js';
import { brokerLabel, type BrokerSettings } from './broker.js';

/**
 * CONNACK codes that no retry mends: 4 and 5 (MQTT 3.1.1: bad user name or password, not
 * authorised), 134 and 135 (MQTT 5: the same). Mosquitto answers a wrong password with 135.
 */
const loginRefusedCodes = new Set([4, 5, 134, 135]);

/** Whether the broker's answer to a connection is a refused login (final), not a broker away for now. */
export function isLoginRefused(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && loginRefusedCodes.has(code);
}

/**
 * What a person does about a refused login, in one line: which user was refused (never the
 * password) and where the user name and the password come from.
 */
export function loginRefused(settings: Pick<BrokerSettings, 'url' | 'username' | 'password'>, error: Error): UserError {
  const broker = brokerLabel(settings);
  const reason = error.message.replace(/^Connection refused: /, '');
  const user = '(in the URL, mqtt://USER@HOST:PORT, or PINMESH_BROKER_USERNAME)';
  const password = '(in a file given to --broker-password-file, or PINMESH_BROKER_PASSWORD)';
  if (settings.username === undefined) {
    return new UserError(`the broker ${broker} refused pinmesh without a login (${reason}): it wants a user name ${user} and its password ${password}`);
  }
  const who = `user ${JSON.stringify(settings.username)}`;
  if (settings.password === undefined) {
    return new UserError(`the broker ${broker} refused ${who} without a password (${reason}): give the password ${password}, and check the user name`);
  }
  return new UserError(`the broker ${broker} refused the login of ${who} (${reason}): check the user name ${user} and the password ${password}`);
}
