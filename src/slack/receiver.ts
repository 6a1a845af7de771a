import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import type { App, Logger, Receiver } from '@slack/bolt';
import { detectLang, type Lang } from '../i18n/lang.js';
import { slackStrings as S } from './strings.js';
import { ReplayGuard } from './replay-guard.js';
import { verifySlackSignature } from './verify.js';
import type { WorkQueue } from './work-queue.js';
import { performance } from 'node:perf_hooks';
import { inRequest, newRequestId } from '../app/request-context.js';
import { requestKind, type RequestObserver } from './observe.js';
import type { LagSource } from './lag.js';

/** Limits of the HTTP server: slow or greedy clients cannot hold sockets or memory (issue #9). */
export const HTTP_LIMITS: {
  bodyBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** A connection with nothing in progress for this long is closed (Node itself never closes one that sends nothing). */
  idleTimeoutMs: number;
  maxConnections: number;
  /** The most signatures the replay guard holds (one 5-minute window's genuine traffic fits many times over). */
  maxReplaySignatures: number;
  viewAckMs: number;
  drainMs: number;
} = {
  bodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 10_000,
  maxConnections: 1024,
  maxReplaySignatures: 200_000,
  /** How long a modal submission may take to produce its response (Slack waits 3 s). */
  viewAckMs: 2_500,
  /** How long a shutdown waits for acknowledged work to finish. */
  drainMs: 10_000,
};
export type HttpLimits = typeof HTTP_LIMITS;

export interface Health {
  status: 200 | 503;
  body: Record<string, unknown>;
}

export interface FrontDoorOptions {
  signingSecret: string;
  queue: WorkQueue;
  logger: Logger;
  health: () => Health;
  /** Where a shed button click's "busy" note goes (response_url); injectable for tests. */
  postJson?: (url: string, body: unknown) => Promise<unknown>;
  nowSeconds?: () => number;
  /**
   * Replicas: takes a key the first time any replica offers it (the store's claims). Interactive requests and
   * modal submissions carry no id of their own to claim, so their signature is claimed: a captured click
   * replayed to another replica is refused there too. (Events and slash commands are claimed by id.)
   */
  claim?: (key: string) => Promise<boolean>;
  defaultLang?: Lang;
  limits?: Partial<HttpLimits>;
  /** Told of every request's ack and of requests never run (metrics). */
  observe?: RequestObserver;
  /** GET /metrics (Prometheus's text format), unsigned like /healthz; absent: 404 (NETBOT_METRICS=off). */
  metrics?: () => Promise<MetricsPage>;
  /**
   * The event loop's lag, and the lag (ms) past which a new slash command is told "busy" at once and not run
   * (NETBOT_SHED_LAG_MS; 0 or no source: never on lag). Events and other requests follow the queue's rules.
   */
  lag?: LagSource;
  shedLagMs?: number;
}

/** Why a request was shed: the work queue was full, or the event loop lagged (slash commands). */
export type ShedReason = 'full' | 'lag';

/** A scrape's answer. */
export interface MetricsPage {
  contentType: string;
  body: string;
}

type Body = Record<string, unknown>;
type Kind = 'command' | 'view' | 'interactive' | 'event';

class BadRequest extends Error {}

/** The parsed body, which must be a JSON object (a `payload=` form field's JSON, or the JSON body itself). */
function parseBody(contentType: string, raw: string): Body {
  const asObject = (value: unknown): Body => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequest('body is not a JSON object');
    return value as Body;
  };
  try {
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = parseQuery(raw);
      return typeof form.payload === 'string' ? asObject(JSON.parse(form.payload)) : { ...form };
    }
    return asObject(JSON.parse(raw));
  } catch (error) {
    throw error instanceof BadRequest ? error : new BadRequest('body is not valid JSON or form data');
  }
}

function kindOf(body: Body): Kind {
  if (typeof body.command === 'string') return 'command';
  if (body.type === 'view_submission') return 'view';
  if (body.type === 'event_callback' || body.type === 'app_rate_limited') return 'event';
  return 'interactive';
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...(typeof body === 'object' ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(text);
}

/**
 * The HTTP front door for Slack, in place of Bolt's HTTPReceiver. It verifies each request (signature,
 * timestamp within 5 minutes either way, no replay of the same signature while it is valid), refuses bodies
 * that are not JSON objects (Bolt's receiver crashed the process on `null`), acknowledges at once, and hands
 * the work to a bounded queue; when the queue is full it answers "busy" at once instead of acking late. Modal
 * submissions, whose ack carries the response, are run directly within Slack's 3 s. Stopping stops
 * accepting, lets acknowledged work finish within a bound, then closes every connection.
 *
 * Connections are capped (maxConnections) without letting idle ones lock anybody out: at the cap, a new
 * connection takes the place of the oldest one with nothing in progress (connected and silent, sending its
 * headers or body slowly, or kept alive after its answer), and a connection idle for idleTimeoutMs is closed.
 * Only a verified Slack request being worked on, or a health check being answered, holds its place. Not a
 * cap per address: behind a load balancer or a TLS proxy every connection comes from the same one.
 */
export class FrontDoorReceiver implements Receiver {
  private app?: App;
  private server?: Server;
  private stopping = false;
  /** Signatures of valid requests: a replay while the signature is valid is acknowledged and not run again. */
  private readonly replays: ReplayGuard;
  /** Open connections, least recently active first, each with how many of its requests hold their place. */
  private readonly connections = new Map<Socket, number>();

  private readonly limits: HttpLimits;
  /** Requests shed so far, by reason (/healthz). */
  readonly shedCounts: Record<ShedReason, number> = { full: 0, lag: 0 };

  constructor(private readonly opts: FrontDoorOptions) {
    this.limits = { ...HTTP_LIMITS, ...opts.limits };
    this.replays = new ReplayGuard(this.limits.maxReplaySignatures);
  }

  init(app: App): void {
    this.app = app;
  }

  /** Listens on a port, or on `{ port, host }` (NETBOT_HOST; without a host, Node's default: every interface). */
  start(listen: number | { port: number; host?: string }): Promise<Server> {
    const { port, host } = typeof listen === 'number' ? { port: listen, host: undefined } : listen;
    const server = createServer(
      {
        headersTimeout: this.limits.headersTimeoutMs,
        requestTimeout: this.limits.requestTimeoutMs,
        // How often Node checks those timeouts (its default, 30 s, would let a slow client sit far longer).
        connectionsCheckingInterval: Math.max(50, Math.min(1000, this.limits.headersTimeoutMs / 2)),
      },
      (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.opts.logger.error(`request failed: ${error instanceof Error ? error.message : String(error)}`);
        send(res, 500);
      });
      },
    );
    server.keepAliveTimeout = this.limits.keepAliveTimeoutMs;
    server.on('connection', (socket: Socket) => this.admit(socket));
    // Inactivity: an idle connection is closed; one whose request holds its place is left to requestTimeout.
    server.setTimeout(this.limits.idleTimeoutMs, (socket: Socket) => {
      if (!this.connections.get(socket)) socket.destroy();
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server || this.stopping) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await this.opts.queue.drain(this.limits.drainMs);
    if (!drained) this.opts.logger.warn(`stopping with work still running after ${this.limits.drainMs / 1000} s: ${JSON.stringify(this.opts.queue.load)}`);
    server.closeAllConnections();
    await closed;
    this.server = undefined;
  }

  /** A new connection: in, at the expense of the least recently active idle one when at the cap. */
  private admit(socket: Socket): void {
    if (this.connections.size >= this.limits.maxConnections) {
      let idle: Socket | undefined;
      for (const [open, held] of this.connections) {
        if (held === 0) {
          idle = open;
          break;
        }
      }
      if (!idle) return void socket.destroy();
      this.connections.delete(idle);
      idle.destroy();
    }
    this.connections.set(socket, 0);
    socket.once('close', () => this.connections.delete(socket));
  }

  /** The request's connection keeps its place until the answer is sent; then it is the most recently active. */
  private hold(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    if (!this.connections.has(socket)) return;
    this.connections.set(socket, this.connections.get(socket)! + 1);
    res.once('close', () => {
      const held = this.connections.get(socket);
      if (held === undefined) return;
      this.connections.delete(socket);
      this.connections.set(socket, held - 1);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    // The path without its query; a URL parse per request (costly) only for the absolute form a proxy may send.
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = !url.startsWith('/') ? new URL(url, 'http://localhost').pathname : query === -1 ? url : url.slice(0, query);
    if (path === '/healthz' && req.method === 'GET') {
      this.hold(req, res);
      const health = this.opts.health();
      return send(res, health.status, health.body);
    }
    if (path === '/metrics' && req.method === 'GET' && this.opts.metrics) {
      this.hold(req, res);
      const page = await this.opts.metrics();
      return send(res, 200, page.body, { 'content-type': page.contentType });
    }
    if (path !== '/slack/events' || req.method !== 'POST') return send(res, 404);
    if (this.stopping) return send(res, 503, undefined, { 'retry-after': '5', connection: 'close' });

    let raw: Buffer;
    try {
      raw = await readBody(req, this.limits.bodyBytes);
    } catch (error) {
      return send(res, (error as { status?: number }).status ?? 400);
    }
    const verified = verifySlackSignature(
      this.opts.signingSecret,
      { signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp') },
      raw,
      this.opts.nowSeconds?.(),
    );
    if (!verified.ok) {
      this.opts.logger.warn(`refused a request: ${verified.reason}`);
      this.opts.observe?.request('unknown', 'refused');
      return send(res, 401);
    }
    const seen = this.replays.check(verified.signature, verified.timestamp, this.opts.nowSeconds?.() ?? Math.floor(Date.now() / 1000));
    if (seen === 'replay') {
      this.opts.logger.warn('refused a replayed request (same signature within 5 minutes)');
      return send(res, 200);
    }
    if (seen === 'full') {
      this.opts.logger.warn(`refused a request: ${this.replays.size} signatures of the last 5 minutes held, no room for more`);
      return send(res, 503, undefined, { 'retry-after': '10' });
    }
    this.hold(req, res);
    let body: Body;
    try {
      body = parseBody(header(req, 'content-type') ?? '', raw.toString('utf8'));
    } catch (error) {
      this.opts.logger.warn(`refused a malformed request: ${(error as Error).message}`);
      this.opts.observe?.request('unknown', 'refused');
      return send(res, 400);
    }
    if (body.ssl_check === '1') return send(res, 200);
    if (body.type === 'url_verification') return send(res, 200, { challenge: String(body.challenge ?? '') });

    const retryNum = Number(header(req, 'x-slack-retry-num') ?? NaN);
    const event = {
      body,
      ...(Number.isInteger(retryNum) ? { retryNum, retryReason: header(req, 'x-slack-retry-reason') } : {}),
    };
    const kind = kindOf(body);
    const fresh = () => this.firstAnywhere(kind, verified.signature);
    // The request's id, given at ack: the work and every log line of its reply carry it (app/request-context.ts).
    const request = { requestId: newRequestId(), startedAt };
    const acked = () => {
      this.opts.observe?.acked(requestKind(body), (performance.now() - startedAt) / 1000);
      this.opts.logger.debug(`acked a ${requestKind(body)} request`);
    };
    if (kind === 'view') return inRequest(request, () => this.runView(res, event, fresh, acked));
    // A lagging loop acks late: a new slash command is told "busy" now, while that is cheap, and never run.
    if (kind === 'command' && this.lagging()) return this.shed(res, kind, body, 'lag');

    const accepted = this.opts.queue.offer(() =>
      inRequest(request, async () => {
        if (await fresh()) await this.process({ ...event, ack: async () => {} });
      }),
    );
    if (!accepted) return this.shed(res, kind, body, 'full');
    send(res, 200);
    inRequest(request, acked);
  }

  /** Whether no other replica has taken this request (interactive kinds, see FrontDoorOptions.claim). */
  private async firstAnywhere(kind: Kind, signature: string): Promise<boolean> {
    if (!this.opts.claim || kind === 'event' || kind === 'command') return true;
    if (await this.opts.claim(`sig:${signature.slice(3, 35)}`)) return true;
    this.opts.logger.warn('refused a replayed request (taken by another replica)');
    return false;
  }

  /** A modal submission's ack is its response (errors shown in the form): run it now, answer within 2.5 s. */
  private async runView(res: ServerResponse, event: { body: Body; retryNum?: number; retryReason?: string }, fresh: () => Promise<boolean>, acked: () => void): Promise<void> {
    const timer = setTimeout(() => send(res, 200), this.limits.viewAckMs);
    if (!(await fresh())) {
      clearTimeout(timer);
      return send(res, 200);
    }
    const ack = async (response?: unknown) => {
      clearTimeout(timer);
      if (!res.headersSent) acked();
      send(res, 200, response === undefined ? undefined : response);
    };
    await this.process({ ...event, ack });
    clearTimeout(timer);
    send(res, 200);
  }

  private async process(event: Parameters<App['processEvent']>[0]): Promise<void> {
    try {
      await this.app!.processEvent(event);
    } catch (error) {
      this.opts.logger.error(`event failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private lagging(): boolean {
    const threshold = this.opts.shedLagMs ?? 0;
    return threshold > 0 && this.opts.lag !== undefined && this.opts.lag.lagMs() > threshold;
  }

  /** Over capacity: an honest, immediate "busy" in the way each kind of request can carry it. */
  private shed(res: ServerResponse, kind: Kind, body: Body, reason: ShedReason): void {
    const text = typeof body.text === 'string' ? body.text : '';
    const lang: Lang = text && detectLang(text) === 'zh' ? 'zh' : (this.opts.defaultLang ?? 'en');
    this.shedCounts[reason]++;
    const why = reason === 'lag' ? `the event loop lags ${Math.round(this.opts.lag!.lagMs())} ms` : JSON.stringify(this.opts.queue.load);
    // Debug after the first: an overload sheds hundreds a second, and the counts are in /healthz and /metrics.
    const log = this.shedCounts[reason] === 1 ? this.opts.logger.warn : this.opts.logger.debug;
    log.call(this.opts.logger, `over capacity, shed a ${kind} request: ${why}`);
    this.opts.observe?.request(requestKind(body), 'shed');
    this.opts.observe?.shed?.(requestKind(body), reason);
    if (kind === 'command') return send(res, 200, { response_type: 'ephemeral', text: S.busy[lang] });
    if (kind === 'event') return send(res, 503, undefined, { 'retry-after': '10' }); // Slack delivers it again later
    send(res, 200);
    const responseUrl = typeof body.response_url === 'string' ? body.response_url : undefined;
    if (responseUrl && this.opts.postJson) {
      this.opts.postJson(responseUrl, { response_type: 'ephemeral', replace_original: false, text: S.busy[lang] }).catch(() => {});
    }
  }
}
