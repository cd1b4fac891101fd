/**
 * `--view-port PORT`, on every command that has `--view`: the live view's port. Given alone it asks
 * for the view too (a port for a page nobody serves was silently ignored).
 */
import { Option } from 'commander';
import * as parse from '../parse.js';

export const defaultViewPort = 8780;

export function viewPortOption(): Option {
  return new Option('--view-port <port>', 'port of the live view on 127.0.0.1 (0: any free port); implies --view')
    .argParser(parse.port)
    .default(defaultViewPort)
    .implies({ view: true });
}
