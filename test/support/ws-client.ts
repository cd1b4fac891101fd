import WebSocket from 'ws';

/**
 * A plain `ws` client speaking the article's protocol and nothing more: text frames out, one
 * text reply back for each. It knows nothing of pinmesh.
 */
export class ArticleClient {
  private readonly replies: string[] = [];
  private readonly waiting: Array<(reply: string) => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      const next = this.waiting.shift();
      if (next) next(text);
      else this.replies.push(text);
    });
  }

  static connect(url: string): Promise<ArticleClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new ArticleClient(socket)));
      socket.once('error', reject);
    });
  }

  /** The next reply, in arrival order. */
  nextReply(): Promise<string> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async request(message: string | Buffer): Promise<string> {
    this.socket.send(message);
    return this.nextReply();
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
