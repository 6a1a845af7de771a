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

/** A message the bot posted (chat.postMessage), kept as Slack keeps it: what conversations.replies/history return. */
export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: unknown;
  blocks?: unknown;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** A post to a user id lands in the bot's DM with that user, whose id is this. */
export const dmOf = (user: string) => `D${user.slice(1)}`;

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
  /** The request is carried out at once (a post is stored) but answered this many ms later: after the client gave up. */
  lateMs?: number;
}

/** A Slack outage: every API call (and response_url POST, unless told otherwise) answers `status` until `until`. */
interface Outage {
  until: number;
  status: number;
  responses: boolean;
  methods?: readonly string[];
}

export class FakeSlack {
  /** Consulted for every request: `api` with the method name, `response` with the response_url id. */
  fault?: (kind: 'api' | 'response', name: string) => Fault | undefined;
  readonly calls: ApiCall[] = [];
  /** What the fake answered each call (e.g. the ts of a posted message); kept apart so calls compare by what the bot sent. */
  private readonly results = new WeakMap<ApiCall, Record<string, unknown>>();
  readonly responses: ResponsePost[] = [];
  /** Requests answered with an error status (a fault or an outage): method names, or response:<id>. */
  readonly refused: string[] = [];
  /** Every message the bot posted, with its metadata. */
  readonly messages: StoredMessage[] = [];
  private readonly failures = new Map<string, string>();
  /** users.info's `locale` per user id (Slack's language setting, e.g. zh-CN); a user not listed has none. */
  readonly locales = new Map<string, string>();
  private outage: Outage | undefined;
  private stalls: { method: string; left: number; lateMs: number } | undefined;
  private lastTsMicros = 0;
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

  /**
   * An outage of `ms`: every Web API call (or only `methods`) answers HTTP `status` (default 500), and
   * response_url POSTs too unless `responses` is false.
   */
  failFor(ms: number, opts: { status?: number; responses?: boolean; methods?: readonly string[] } = {}): void {
    this.outage = { until: Date.now() + ms, status: opts.status ?? 500, responses: opts.responses ?? true, ...(opts.methods ? { methods: opts.methods } : {}) };
  }

  /** Ends an outage now. */
  recover(): void {
    this.outage = undefined;
  }

  get down(): boolean {
    return this.outage !== undefined && Date.now() < this.outage.until;
  }

  /** The next `count` calls to `method` are carried out (a post is stored) and answered `lateMs` later. */
  stall(count: number, lateMs: number, method = 'chat.postMessage'): void {
    this.stalls = { method, left: count, lateMs };
  }

  /** The posts carrying a delivery id (Slack message metadata), by id: more than one is a doubled answer. */
  postsByDelivery(): Map<string, StoredMessage[]> {
    const out = new Map<string, StoredMessage[]>();
    for (const m of this.messages) {
      const id = m.metadata?.event_payload?.delivery_id;
      if (typeof id === 'string') out.set(id, [...(out.get(id) ?? []), m]);
    }
    return out;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const response = /^\/response\/(.+)$/.exec(path);
      const name = response ? response[1]! : path.replace(/^\/api\//, '');
      const fault = this.outageFault(Boolean(response), name) ?? this.fault?.(response ? 'response' : 'api', name) ?? this.stallFault(response ? '' : name);
      if (fault?.hang) {
        req.resume(); // read the body, never answer
        return;
      }
      const answer = () => {
        if (fault?.status && fault.status !== 200) {
          this.refused.push(response ? `response:${name}` : name);
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
      if (fault?.lateMs) {
        // Carried out now, answered late: the client has timed out by then and cannot know the post exists.
        const reply = this.handle(req);
        setTimeout(() => {
          void reply.then((body) => {
            if (res.destroyed) return;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          });
        }, fault.lateMs);
      } else if (fault?.delayMs) setTimeout(answer, fault.delayMs);
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

  private outageFault(response: boolean, method: string): Fault | undefined {
    const outage = this.outage;
    if (!outage || !this.down) return undefined;
    if (response ? !outage.responses : outage.methods && !outage.methods.includes(method)) return undefined;
    return { status: outage.status };
  }

  private stallFault(method: string): Fault | undefined {
    if (!this.stalls || this.stalls.method !== method || this.stalls.left <= 0) return undefined;
    this.stalls.left--;
    return { lateMs: this.stalls.lateMs };
  }

  /** Like Slack's: seconds since the epoch and a unique, increasing microsecond part. */
  private nextTs(): string {
    this.tsCounter += 1;
    this.lastTsMicros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    return (this.lastTsMicros / 1e6).toFixed(6);
  }

  /** conversations.replies (a thread: its parent and replies) and conversations.history (top-level messages, newest first), paged. */
  private conversation(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(body.oldest ?? 0);
    const inThread = (m: StoredMessage) => m.ts === body.ts || m.thread_ts === body.ts;
    const topLevel = (m: StoredMessage) => m.thread_ts === undefined || m.thread_ts === m.ts;
    let found = this.messages.filter((m) => m.channel === body.channel && Number(m.ts) > oldest && (method === 'conversations.replies' ? inThread(m) : topLevel(m)));
    if (method === 'conversations.history') found = found.reverse();
    const limit = Math.max(1, Number(body.limit ?? 100));
    const start = Number(body.cursor ?? 0);
    const page = found.slice(start, start + limit).map((m) => ({
      type: 'message',
      ts: m.ts,
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      text: m.text,
      bot_id: 'BBOT',
      user: 'UBOT',
      ...(body.include_all_metadata === true || body.include_all_metadata === 'true' ? { metadata: m.metadata } : {}),
    }));
    const more = start + limit < found.length;
    return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
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
        const requested = String(body.channel);
        const channel = /^[UW]/.test(requested) ? dmOf(requested) : requested;
        const metadata = body.metadata as StoredMessage['metadata'] | undefined;
        this.messages.push({ channel, ts, ...(typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {}), text: body.text, blocks: body.blocks, ...(metadata ? { metadata } : {}) });
        return { ok: true, channel, ts, message: { type: 'message', text: body.text, ts, bot_id: 'BBOT', user: 'UBOT' } };
      }
      case 'conversations.replies':
      case 'conversations.history':
        return this.conversation(method, body);
      case 'conversations.open':
        return { ok: true, channel: { id: dmOf(String(body.users)) } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.getPermalink': {
        // Slack's form: the channel id, then the message ts without its dot, prefixed with "p".
        const ts = String(body.message_ts ?? '');
        return { ok: true, channel: body.channel, permalink: `https://fake.slack.com/archives/${String(body.channel)}/p${ts.replace('.', '')}` };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'users.info': {
        // Slack answers users.info with the user's locale only when asked (include_locale) and the scope users:read is granted.
        const locale = this.locales.get(String(body.user));
        return { ok: true, user: { id: body.user, ...(locale && String(body.include_locale) === 'true' ? { locale } : {}) } };
      }
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V0FAKE', ...(body.view as object) } };
      default:
        return { ok: true };
    }
  }
}
