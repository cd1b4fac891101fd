/**
 * The `mqtt` package, loaded with `require`. Its entry (build/index.js) is CommonJS re-exporting
 * its modules one by one (`__exportStar(require(…))`); an ES import makes Node 20 read each of them
 * through its CommonJS export lexer and resolve them again as ES imports: 70 ms of CPU more than
 * `require('mqtt')` (177 against 107 ms, a file importing only mqtt, Node 20; on Node 24 both cost
 * the same). Every `--broker` command loads it. Import mqtt from here, not 'mqtt'; type-only imports are fine.
 */
import { createRequire } from 'node:module';

export const { connect } = createRequire(import.meta.url)('mqtt') as typeof import('mqtt');
