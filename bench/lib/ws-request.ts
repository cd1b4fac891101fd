import WebSocket from 'ws';

/** Opens a client; `localAddress` picks its source address (127.0.0.x: a client of its own, as another host is). */
export function connect(url: string, localAddress?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, localAddress === undefined ? {} : { localAddress });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one text frame and resolves with the reply (the protocol: exactly one reply a frame). */
export function request(socket: WebSocket, text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no reply to "${text.slice(0, 40)}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (data: Buffer): void => {
      cleanup();
      resolve(data.toString());
    };
    const onClose = (): void => fail(new Error('the node closed the connection'));
    const fail = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('message', onMessage).off('close', onClose);
    };
    socket.on('message', onMessage).on('close', onClose);
    socket.send(text);
  });
}
