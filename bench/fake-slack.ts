import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Slack for the bench scripts, on 127.0.0.1: answers the Web API as Slack does (auth.test with the bot's
 * ids, { ok: true } otherwise) and serves as the response_url target (`${url}/response/<id>`). Each request's
 * path and body go to `seen`, which a bench overrides to count what the bot sent.
 */
export class BenchSlack {
  private server?: Server;
  url = '';

  protected seen(_path: string, _body: string): void {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        this.seen(path, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(path === '/api/auth.test' ? '{"ok":true,"user_id":"UBOT","bot_id":"BBOT","team_id":"T0"}' : '{"ok":true,"ts":"1.1"}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((r) => this.server?.close(() => r()));
  }
}

/** The fake Slack that counts answers: per thread (mentions' chat.postMessage) and per response_url id. */
export class CountingSlack extends BenchSlack {
  readonly byThread = new Map<string, number>();
  readonly byResponse = new Map<string, number>();

  protected override seen(path: string, text: string): void {
    const response = /^\/response\/(.+)$/.exec(path);
    if (response) this.byResponse.set(response[1]!, (this.byResponse.get(response[1]!) ?? 0) + 1);
    if (path === '/api/chat.postMessage') {
      const thread = /"thread_ts":"([^"]+)"/.exec(text)?.[1] ?? new URLSearchParams(text).get('thread_ts');
      if (thread) this.byThread.set(thread, (this.byThread.get(thread) ?? 0) + 1);
    }
  }
}

/** Slack's request signature headers for a body, signed now with `secret`. */
export function signed(secret: string, body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex') };
}
