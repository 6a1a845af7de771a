import { blockActionsPayload } from './slack-payloads.js';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { FakeSlack } from '../slack/fake-slack.js';

/**
 * A fake Slack for Socket Mode, all on 127.0.0.1 and one port:
 *  - the Web API under /api/ (apps.connections.open answered here with a one-time ws:// URL; every other
 *    method forwarded to the HTTP tests' FakeSlack, which records it and answers like Slack),
 *  - response_url targets under /response/<id> (forwarded to FakeSlack too, so `api.waitForResponse` works),
 *  - the WebSocket endpoint /link/?ticket=… (the `ws` package), which says hello, pings, sends envelopes,
 *    checks that each one is acknowledged by its envelope_id, and answers the client's pings.
 * Tokens are never recorded: only which kind (app-level xapp- or bot xoxb-) authorised each call.
 */

export type TokenKind = 'app' | 'bot' | 'none' | 'other';

export interface FakeSocketOptions {
  /** Answer the client's WebSocket pings with pongs (ws does it by default; false = a dead-looking peer). */
  answerPings?: boolean;
  /** Send `hello` once a socket opens (the client's start() resolves on it). */
  sendHello?: boolean;
  /** How often the fake pings each open socket, in ms (Slack pings too; 0 = never). */
  pingEveryMs?: number;
  /** Slack's acknowledgement deadline: an envelope acked later than this counts as not acked. */
  ackDeadlineMs?: number;
}

export interface Connection {
  index: number;
  ticket: string;
  ws: WebSocket;
  openedAt: number;
  helloSentAt?: number;
  /** Pings the bot sent (each answered with a pong unless answerPings is false). */
  clientPings: number;
  /** Pongs the bot sent back to the fake's pings. */
  pongs: number;
  /** Set when the socket closed: who started the close is in `closedBy`. */
  closed?: { code: number; reason: string; at: number; closedBy: 'client' | 'server' };
  closing?: 'server';
}

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface Envelope {
  envelopeId: string;
  type: EnvelopeType;
  connection: number;
  sentAt: number;
  ack?: { payload: unknown; connection: number; ms: number };
}

export interface ApiCallAuth {
  method: string;
  token: TokenKind;
}

function tokenKind(req: IncomingMessage): TokenKind {
  const auth = req.headers.authorization;
  if (!auth) return 'none';
  if (/^Bearer xapp-/.test(auth)) return 'app';
  if (/^Bearer xoxb-/.test(auth)) return 'bot';
  return 'other';
}

async function rawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class FakeSlackSocket {
  /** The recording Web API behind the front door (calls, responses, waitForCall, waitForResponse, failNext). */
  readonly api = new FakeSlack();
  readonly connections: Connection[] = [];
  readonly envelopes = new Map<string, Envelope>();
  /** Web API calls and which kind of token authorised each (apps.connections.open included). */
  readonly auth: ApiCallAuth[] = [];
  /** Messages from the bot that named an envelope_id the fake never sent, or acked one a second time. */
  readonly strayAcks: unknown[] = [];
  /** Anything else the bot sent on a socket (it should send nothing but acks). */
  readonly unexpected: unknown[] = [];
  /** Upgrade attempts refused (unknown or reused ticket). */
  readonly refusedUpgrades: string[] = [];
  private readonly tickets = new Map<string, 'issued' | 'used'>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly opts: Required<FakeSocketOptions>;
  private server?: Server;
  private wss?: WebSocketServer;
  private counter = 0;
  url = '';

  constructor(opts: FakeSocketOptions = {}) {
    this.opts = { answerPings: true, sendHello: true, pingEveryMs: 1000, ackDeadlineMs: 3000, ...opts };
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** The most recently opened socket that is still open. */
  get current(): Connection | undefined {
    return [...this.connections].reverse().find((c) => !c.closed && c.ws.readyState === c.ws.OPEN);
  }

  async start(): Promise<void> {
    await this.api.start();
    this.wss = new WebSocketServer({ noServer: true, autoPong: this.opts.answerPings });
    this.server = createServer((req, res) => void this.request(req, res));
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    for (const c of this.connections) {
      if (c.ws.readyState === c.ws.CLOSED) continue;
      c.closing = 'server';
      c.ws.terminate();
    }
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.api.close();
  }

  // ---- Web API front door -------------------------------------------------------------------------

  private async request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = await rawBody(req);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const token = tokenKind(req);
      this.auth.push({ method, token });
      // Slack refuses the wrong kind of token: apps.connections.open takes only the app-level token.
      const wanted: TokenKind = method === 'apps.connections.open' ? 'app' : 'bot';
      if (token !== wanted) {
        send(200, { ok: false, error: token === 'none' ? 'not_authed' : 'not_allowed_token_type' });
        return;
      }
    }
    // Forward to the recording FakeSlack (so its calls/responses include this request).
    const forwarded = await fetch(`${this.api.url}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const text = await forwarded.text();
    if (path === '/api/apps.connections.open') {
      send(200, { ok: true, url: this.issueUrl() });
      return;
    }
    send(forwarded.status, text);
  }

  private issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, 'issued');
    return `${this.url.replace(/^http:/, 'ws:')}/link/?ticket=${ticket}&app_id=A0NETBOT`;
  }

  // ---- WebSocket ----------------------------------------------------------------------------------

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || this.tickets.get(ticket) !== 'issued') {
      // Slack's tickets are single-use: a reconnect must call apps.connections.open again.
      this.refusedUpgrades.push(req.url ?? '');
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.tickets.set(ticket, 'used');
    this.wss!.handleUpgrade(req, socket, head, (ws) => this.opened(ws, ticket));
  }

  private opened(ws: WebSocket, ticket: string): void {
    const conn: Connection = { index: this.connections.length, ticket, ws, openedAt: Date.now(), clientPings: 0, pongs: 0 };
    this.connections.push(conn);
    ws.on('ping', () => (conn.clientPings += 1));
    ws.on('pong', () => (conn.pongs += 1));
    ws.on('message', (data, isBinary) => this.message(conn, data, isBinary));
    ws.on('close', (code, reason) => {
      conn.closed = { code, reason: reason.toString(), at: Date.now(), closedBy: conn.closing ?? 'client' };
    });
    ws.on('error', () => {
      /* a reset socket; its close event follows */
    });
    if (this.opts.pingEveryMs > 0) {
      const timer = setInterval(() => {
        if (ws.readyState === ws.OPEN) ws.ping(Buffer.from(`fake ping ${Date.now()}`));
        else {
          clearInterval(timer);
          this.timers.delete(timer);
        }
      }, this.opts.pingEveryMs);
      this.timers.add(timer);
    }
    if (this.opts.sendHello) {
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0NETBOT' },
        }),
      );
      conn.helloSentAt = Date.now();
    }
  }

  private message(conn: Connection, data: RawData, isBinary: boolean): void {
    let msg: unknown;
    try {
      msg = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      msg = undefined;
    }
    const envelopeId = (msg as { envelope_id?: unknown } | undefined)?.envelope_id;
    if (typeof envelopeId !== 'string') {
      this.unexpected.push(msg ?? data.toString());
      return;
    }
    const envelope = this.envelopes.get(envelopeId);
    if (!envelope || envelope.ack) {
      this.strayAcks.push(msg);
      return;
    }
    envelope.ack = { payload: (msg as { payload?: unknown }).payload, connection: conn.index, ms: Date.now() - envelope.sentAt };
  }

  // ---- What Slack sends ---------------------------------------------------------------------------

  /** Sends one envelope on the current socket; returns its envelope_id. */
  sendEnvelope(type: EnvelopeType, payload: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
    const conn = this.current;
    if (!conn) throw new Error('no open socket to send on');
    this.counter += 1;
    const envelopeId = `${randomUUID()}-${this.counter}`;
    this.envelopes.set(envelopeId, { envelopeId, type, connection: conn.index, sentAt: Date.now() });
    conn.ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'slash_commands', ...extra }));
    return envelopeId;
  }

  /** An Events API delivery; `retry` redelivers (Slack's retry_attempt / retry_reason). */
  event(event: Record<string, unknown>, opts: { eventId?: string; retry?: { attempt: number; reason: string } } = {}) {
    const eventId = opts.eventId ?? `Ev${Date.now()}${++this.counter}`;
    const envelopeId = this.sendEnvelope(
      'events_api',
      {
        token: 'legacy-verification-token',
        team_id: 'T0FAKE',
        api_app_id: 'A0NETBOT',
        event: { event_ts: event.ts, ...event },
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ enterprise_id: null, team_id: 'T0FAKE', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
        event_context: `ctx-${eventId}`,
      },
      { retry_attempt: opts.retry?.attempt ?? 0, retry_reason: opts.retry?.reason ?? '' },
    );
    return { envelopeId, eventId };
  }

  /** A slash command; `id` names the response_url its reply goes to. */
  command(command: string, text: string, who: { user: string; channel: string }) {
    const id = randomUUID();
    const envelopeId = this.sendEnvelope('slash_commands', {
      token: 'legacy-verification-token',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: who.channel,
      channel_name: 'netops',
      user_id: who.user,
      user_name: 'alice',
      command,
      text,
      api_app_id: 'A0NETBOT',
      is_enterprise_install: 'false',
      response_url: this.responseUrl(id),
      trigger_id: `trigger-${id}`,
    });
    return { envelopeId, id };
  }

  /** A button click (block_actions); `message` absent = on an ephemeral message. */
  click(
    action: { action_id: string; value: string; label: string },
    who: { user: string; channel: string },
    message?: Record<string, unknown>,
  ) {
    const id = randomUUID();
    const envelopeId = this.sendEnvelope(
      'interactive',
      blockActionsPayload({
        user: who.user,
        channel: who.channel,
        team: 'T0FAKE',
        responseUrl: this.responseUrl(id),
        triggerId: `trigger-${id}`,
        action,
        ...(message ? { message } : {}),
        actionTs: `${Math.floor(Date.now() / 1000)}.000000`,
      }),
    );
    return { envelopeId, id };
  }

  /** Slack's `disconnect` message on the current socket (the client should close it and reconnect). */
  disconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): Connection {
    const conn = this.current;
    if (!conn) throw new Error('no open socket to send on');
    conn.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
    return conn;
  }

  // ---- Checks -------------------------------------------------------------------------------------

  /** Resolves with the envelope's ack once it arrives within Slack's deadline; rejects otherwise. */
  async waitForAck(envelopeId: string): Promise<NonNullable<Envelope['ack']>> {
    const envelope = this.envelopes.get(envelopeId);
    if (!envelope) throw new Error(`unknown envelope ${envelopeId}`);
    await waitUntil(() => envelope.ack, this.opts.ackDeadlineMs + 200, `an ack for ${envelope.type} envelope ${envelopeId}`);
    const ack = envelope.ack!;
    if (ack.ms > this.opts.ackDeadlineMs) throw new Error(`${envelope.type} envelope acked after ${ack.ms} ms (Slack's deadline is ${this.opts.ackDeadlineMs} ms)`);
    return ack;
  }

  /** Envelopes sent but never acknowledged. */
  unacked(): Envelope[] {
    return [...this.envelopes.values()].filter((e) => !e.ack);
  }

  waitForConnection(index: number, timeoutMs = 5000): Promise<Connection> {
    return waitUntil(() => this.connections[index], timeoutMs, `socket #${index + 1}`);
  }

  waitForClose(conn: Connection, timeoutMs = 5000): Promise<NonNullable<Connection['closed']>> {
    return waitUntil(() => conn.closed, timeoutMs, `socket #${conn.index + 1} to close`);
  }

  callsWith(method: string): ApiCallAuth[] {
    return this.auth.filter((a) => a.method === method);
  }
}

/** Polls `pick` every 10 ms until it returns something, for at most `timeoutMs`. */
export async function waitUntil<T>(pick: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = pick();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
