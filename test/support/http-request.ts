import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** An event stream never ends: wait for its first whole message (true), or only its first bytes. */
  untilFeedMessage?: boolean;
}

/**
 * One HTTP request to 127.0.0.1 with exactly the headers given, as a program sends it (or a page's,
 * as a test forges them). An event stream (the live view's feed) is read until its first bytes, or
 * its first whole message, then dropped.
 */
export function httpRequestTo(port: number, path: string, options: HttpRequestOptions = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      const reply = () => ({ status: res.statusCode!, headers: res.headers, body });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (!res.headers['content-type']?.startsWith('text/event-stream')) return;
        if (options.untilFeedMessage && !body.includes('\n\n', body.indexOf('data:'))) return;
        resolve(reply());
        res.destroy();
      });
      res.on('end', () => resolve(reply()));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
