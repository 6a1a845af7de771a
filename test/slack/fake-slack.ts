import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the bot made (the token travels in a header and is not recorded). */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

/** One post to a response_url. */
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
}

/** Form fields holding JSON (blocks, view, …) are decoded so tests can look inside. */
function decodeField(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = decodeField(value);
  return out;
}

/**
 * A fake Slack Web API on loopback that records what the bot sends and answers like Slack would; it also
 * serves as the response_url target (`${url}/response/<id>`).
 */
/** How the fake misbehaves for one request: an HTTP status, a delay, or no answer at all (until close). */
export interface Fault {
  status?: number;
  delayMs?: number;
  hang?: boolean;
  headers?: Record<string, string>;
}

export class FakeSlack {
  /** Consulted for every request: `api` with the method name, `response` with the response_url id. */
  fault?: (kind: 'api' | 'response', name: string) => Fault | undefined;
  readonly calls: ApiCall[] = [];
  /** What the fake answered each call (e.g. the ts of a posted message); kept apart so calls compare by what the bot sent. */
  private readonly results = new WeakMap<ApiCall, Record<string, unknown>>();
  readonly responses: ResponsePost[] = [];
  private readonly failures = new Map<string, string>();
  private server?: Server;
  private tsCounter = 0;
  url = '';

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** The next call to `method` answers { ok: false, error }. */
  failNext(method: string, error: string): void {
    this.failures.set(method, error);
  }

  resultOf(call: ApiCall): Record<string, unknown> | undefined {
    return this.results.get(call);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const response = /^\/response\/(.+)$/.exec(path);
      const fault = this.fault?.(response ? 'response' : 'api', response ? response[1]! : path.replace(/^\/api\//, ''));
      if (fault?.hang) {
        req.resume(); // read the body, never answer
        return;
      }
      const answer = () => {
        if (fault?.status && fault.status !== 200) {
          req.resume();
          res.writeHead(fault.status, fault.headers ?? {});
          res.end();
          return;
        }
        void this.handle(req).then((reply) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(reply));
        });
      };
      if (fault?.delayMs) setTimeout(answer, fault.delayMs);
      else answer();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the first match of `pick` over the recorded traffic, polling until `timeoutMs`. */
  async waitFor<T>(pick: () => T | undefined, timeoutMs = 5000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = pick();
      if (found !== undefined) return found;
      if (Date.now() > until) throw new Error('timed out waiting for the bot');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  waitForCall(method: string, where: (args: Record<string, unknown>) => boolean = () => true, timeoutMs?: number): Promise<ApiCall> {
    return this.waitFor(() => this.calls.find((c) => c.method === method && where(c.args)), timeoutMs);
  }

  waitForResponse(id: string, timeoutMs?: number): Promise<ResponsePost> {
    return this.waitFor(() => this.responses.find((r) => r.id === id), timeoutMs);
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage): Promise<Record<string, unknown>> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = await readBody(req);
    const response = /^\/response\/(.+)$/.exec(path);
    if (response) {
      this.responses.push({ id: response[1]!, body });
      return { ok: true };
    }
    const method = path.replace(/^\/api\//, '');
    const call: ApiCall = { method, args: body };
    this.calls.push(call);
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      this.results.set(call, { ok: false, error: failure });
      return { ok: false, error: failure };
    }
    const result = this.answer(method, body);
    this.results.set(call, result);
    return result;
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'ecs-netbot', team_id: 'T0FAKE', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        return { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, ts, bot_id: 'BBOT', user: 'UBOT' } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.getPermalink': {
        // Slack's form: the channel id, then the message ts without its dot, prefixed with "p".
        const ts = String(body.message_ts ?? '');
        return { ok: true, channel: body.channel, permalink: `https://fake.slack.com/archives/${String(body.channel)}/p${ts.replace('.', '')}` };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V0FAKE', ...(body.view as object) } };
      default:
        return { ok: true };
    }
  }
}
