import { UserError } from '../errors.js';

/**
 * Which web pages may open a WebSocket to a node. Browsers send the page's origin with every
 * WebSocket upgrade; programs (the article's Python nodes, `ws`, websocat) send none. An upgrade
 * with no Origin is not from a page and passes; one with an Origin passes only when that origin
 * was allowed (`--allow-origin`, the circuit's `allowOrigins`, or the live view's own origin).
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: Iterable<string> = []) {
    this.allowed = new Set([...origins].map((origin) => normalOrigin(origin)));
  }

  /** A policy that also allows `origins` (e.g. the view adds the origin it serves pages from). */
  with(origins: Iterable<string>): OriginPolicy {
    return new OriginPolicy([...this.allowed, ...origins]);
  }

  /** `undefined` when the upgrade may proceed, otherwise why not. */
  refusal(origin: string | undefined): string | undefined {
    if (origin === undefined) return undefined;
    let normal: string | undefined;
    try {
      normal = normalOrigin(origin);
    } catch {
      normal = undefined;
    }
    if (normal !== undefined && this.allowed.has(normal)) return undefined;
    return `origin ${JSON.stringify(origin.slice(0, 200))} is not allowed`;
  }

  get origins(): string[] {
    return [...this.allowed];
  }
}

/** `HTTP://Example.com:80/path` → `http://example.com`: scheme, host and port only, as browsers send it. */
export function normalOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new UserError(`bad origin ${JSON.stringify(origin)}: expected scheme://host[:port], e.g. http://localhost:3000`);
  }
  if (url.origin === 'null') throw new UserError(`bad origin ${JSON.stringify(origin)}: only http(s) origins can be allowed, e.g. http://localhost:3000`);
  return url.origin;
}
