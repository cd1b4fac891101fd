/**
 * The `serialport` package, loaded with `require`. Its entry is CommonJS re-exporting the
 * @serialport packages (`__exportStar(require(…))`); an ES import makes Node 20 read each of them
 * through its CommonJS export lexer first: 31 ms of CPU more than `require('serialport')` (97 against
 * 65 ms, a file importing only serialport, Node 20; on Node 24 both cost the same), at every command
 * that opens or lists a port. Import serialport from here, not 'serialport'; type-only imports are fine.
 */
import { createRequire } from 'node:module';

export const { SerialPort } = createRequire(import.meta.url)('serialport') as typeof import('serialport');
export type SerialPort = import('serialport').SerialPort;
