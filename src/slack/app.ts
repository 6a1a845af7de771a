import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, webApi, type Logger } from '@slack/bolt';
import { USER_INFO_TIMEOUT_MS, UserLangs } from './user-lang.js';
import { warmUp } from '../app/warm.js';
import type { Services } from '../commands/types.js';
import type { SlackConfig } from './config.js';
import { storeThreads } from './threads.js';
import { AnswerLog } from './answer-log.js';
import { ExpertsDesk } from './experts.js';
import { Recorder } from '../store/recorder.js';
import { postToResponseUrl } from './deliver.js';
import { deliveryClient, Outbox, type OutboxOptions } from './outbox.js';
import type { Deps } from './deps.js';
import { registerListeners } from './listeners/index.js';
import { weeklyReport } from './report.js';
import { FrontDoorReceiver, type Health, type HttpLimits } from './receiver.js';
import { redactingLogger } from './redact.js';
import { redact } from '../util/redact.js';
import { ApiHealth, webClientOptions } from './web-api.js';
import { WorkQueue } from './work-queue.js';
import { workLanes } from '../app/lanes.js';
import type { BotMetrics } from '../app/metrics.js';
import { deferredMetrics } from '../app/metrics-deferred.js';
import { extendServices } from '../app/make-services.js';
import { startMetricsServer } from './metrics-server.js';
import { observeRequests } from './observe.js';
import { LagSampler, type LagSource } from './lag.js';

export const LOG_LEVELS: Record<SlackConfig['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** A start that failed for a reason the operator must fix (a rejected token, Slack unreachable). */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

export interface SlackBot {
  app: App;
  deps: Deps;
  /** The work after each ack (HTTP mode): bounded, shed when full, drained on stop. */
  queue: WorkQueue;
  apiHealth: ApiHealth;
  recorder: Recorder;
  /** Every answer owed to Slack, retried until delivered (docs/delivery.md). */
  outbox: Outbox;
  /** The Prometheus metrics (docs/metrics.md); undefined with NETBOT_METRICS=off. */
  metrics?: BotMetrics;
  /**
   * Connects (Socket Mode) or listens (HTTP, at NETBOT_HOST; `port` overrides the configured one, 0 = any free
   * port). In Socket Mode with NETBOT_METRICS_PORT, also serves /metrics there (`metricsPort`: where).
   */
  start(port?: number): Promise<{ port?: number; metricsPort?: number }>;
  stop(): Promise<void>;
}

/** Names the cause of a failed auth.test without echoing anything secret. */
function describeStartFailure(error: unknown, config: SlackConfig): string {
  const data = (error as { data?: { error?: unknown } }).data;
  const code = typeof data?.error === 'string' ? data.error : undefined;
  if (code) return `Slack rejected SLACK_BOT_TOKEN (${code}): check the Bot User OAuth Token and that the app is installed to the workspace.`;
  const target = config.apiUrl ? 'SLACK_API_URL' : 'the Slack API (https://slack.com/api/)';
  const reason = redact(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  return `Could not reach ${target} to verify SLACK_BOT_TOKEN: ${reason}`;
}

/** When the bot computes its first copy of the gaps report (later ones: every REPORT_REFRESH_MS). */
const REPORT_FIRST_AFTER_MS = 60_000;

export interface BotOptions {
  logger?: Logger;
  queue?: WorkQueue;
  /** The store (main.ts opens it); without one nothing is recorded and de-duplication is per process. */
  recorder?: Recorder;
  /** Overrides for tests and benchmarks: the Web API timeout, the HTTP server's limits. */
  apiTimeoutMs?: number;
  limits?: Partial<HttpLimits>;
  /** The work lanes (tests size them small). */
  lanes?: ReturnType<typeof workLanes>;
  /** Overrides of the outbox's timings (tests: short backoffs and leases). */
  delivery?: Partial<OutboxOptions>;
  /**
   * before (default): the three warm-up rounds before ready; after: all three after ready, between requests
   * (`npm start` when the search index loads in a fraction of a second: issue #18).
   */
  warmUp?: 'before' | 'after';
  /** How long the Home tab waits for users.info (tests: short). */
  userInfoTimeoutMs?: number;
  /** Where the front door reads the event loop's lag (tests inject one); default a LagSampler run while started. */
  lag?: LagSource;
}

/** The Web API client's warnings about each failed call: the outbox reports its own outcomes, once. */
function quietLogger(logger: Logger): Logger {
  return { ...logger, info: logger.debug.bind(logger), warn: logger.debug.bind(logger) };
}

export function createSlackBot(config: SlackConfig, plainServices: Services, opts: BotOptions = {}): SlackBot {
  const logger = opts.logger ?? redactingLogger(LOG_LEVELS[config.logLevel], undefined, config.logFormat);
  // prom-client is loaded once the bot is ready (settle below); what is observed before is kept and replayed.
  const metrics = config.metrics === false ? undefined : deferredMetrics();
  const apiHealth = new ApiHealth();
  // The front door only bounds what is in flight; the lanes decide who waits for what (quick work never waits
  // behind a slow lookup), in HTTP and Socket Mode alike.
  const lanes = opts.lanes ?? workLanes(plainServices.env);
  const services = extendServices(plainServices, { lanes, ...(metrics ? { observe: { ...plainServices.observe, ...metrics.observers } } : {}) });
  const queue = opts.queue ?? new WorkQueue(64, 512, (error) => logger.error(`work failed: ${error instanceof Error ? error.message : String(error)}`));
  const recorder = opts.recorder ?? new Recorder(undefined, { record: false, retentionDays: 90, unhealthyAfterMs: 60_000, logger });
  metrics?.watch({ lanes: () => lanes.load, queue: () => queue.load, store: () => recorder.health() });
  const sampler = opts.lag ? undefined : new LagSampler();
  const lag = opts.lag ?? sampler!;
  let shed: () => Record<string, number> = () => ({});
  // /healthz: 503 while Web API calls are failing, or once the store has been unreachable past its threshold.
  const health = (): Health => {
    const webApi = apiHealth.failing ? 'failing' : 'ok';
    const store = recorder.health();
    const { rss, heapUsed } = process.memoryUsage();
    const memory = { rssMB: Math.round(rss / 1048576), heapUsedMB: Math.round(heapUsed / 1048576) };
    const ok = webApi === 'ok' && store.ok;
    return {
      status: ok ? 200 : 503,
      body: { ok, store: store.store, schema: store.schema, storeReachable: store.reachable, webApi, queue: queue.load, lanes: lanes.load, memory, eventLoopLagMs: Math.round(lag.lagMs()), shed: shed() },
    };
  };
  const receiver =
    config.mode === 'http'
      ? new FrontDoorReceiver({
          signingSecret: config.signingSecret,
          queue,
          logger,
          health,
          defaultLang: config.lang,
          postJson: (url, body) => postToResponseUrl(url, body),
          claim: (key) => recorder.claim(key),
          lag,
          shedLagMs: config.shedLagMs,
          ...(opts.limits ? { limits: opts.limits } : {}),
          ...(metrics ? { observe: metrics.requests, metrics: metrics.scrape } : {}),
        })
      : undefined;
  if (receiver) shed = () => ({ ...receiver.shedCounts });
  const clientOptions = webClientOptions(config.apiUrl, apiHealth, opts.apiTimeoutMs ?? config.apiTimeoutMs);
  // Socket Mode's receiver is made here (as Bolt would) so that stop() can wait for its socket to close.
  const socket =
    config.mode === 'socket'
      ? new SocketModeReceiver({ appToken: config.appToken, logger, logLevel: LOG_LEVELS[config.logLevel], installerOptions: { clientOptions } })
      : undefined;
  const app = new App({
    token: config.botToken,
    receiver: receiver ?? socket!,
    logLevel: LOG_LEVELS[config.logLevel],
    logger,
    clientOptions,
    // auth.test runs in start(), where its failure becomes one clear message instead of an unhandled rejection.
    deferInitialization: true,
    // No listener reads context.conversation: Bolt's conversation store would only cost every request a lookup.
    convoStore: false,
  });
  const apiTimeoutMs = opts.apiTimeoutMs ?? config.apiTimeoutMs;
  const outboxClient = deliveryClient(config.botToken, { ...clientOptions, logger: quietLogger(logger) });
  const outbox = new Outbox(recorder, outboxClient, logger, {
    windowMs: config.deliveryWindowMs,
    leaseMs: Math.max(120_000, 8 * apiTimeoutMs),
    ...(metrics ? { observe: metrics.outbox } : {}),
    ...opts.delivery,
  });
  const report = weeklyReport(recorder, services, logger);
  // Not watched by ApiHealth: a users.info past its short timeout says nothing about answers reaching Slack.
  const { fetch: _watched, ...unwatched } = clientOptions;
  const userInfoClient = new webApi.WebClient(config.botToken, { ...unwatched, logger: quietLogger(logger), timeout: opts.userInfoTimeoutMs ?? USER_INFO_TIMEOUT_MS, retryConfig: { retries: 0 } });
  const userLangs = new UserLangs(userInfoClient);
  const deps: Deps = { config, services, recorder, outbox, answers: new AnswerLog(), threads: storeThreads(recorder), report, logger, userLangs };
  if (config.expertsChannel) deps.experts = new ExpertsDesk(config.expertsChannel, config.botToken);
  // First of all: each request runs as one (its id in every log line) and is counted when it ends.
  app.use(observeRequests(logger, metrics?.requests));
  registerListeners(app, deps);
  app.error(async (error) => {
    // Never log request bodies or tokens: the message and code are enough to diagnose.
    logger.error(`listener failed: ${(error as { code?: string }).code ?? ''} ${redact(error.message)}`);
  });

  let metricsServer: { port: number; close(): Promise<void> } | undefined;
  return {
    app,
    deps,
    queue,
    apiHealth,
    recorder,
    outbox,
    ...(metrics ? { metrics } : {}),
    async start(port) {
      try {
        await app.init();
      } catch (error) {
        throw new StartError(describeStartFailure(error, config));
      }
      // The first requests after start must not pay for compiling the search and the renderers. `npm start`
      // runs the warm-up after ready, between requests, when the search loads quickly (issue #18).
      sampler?.start();
      const after = opts.warmUp === 'after';
      if (!after) await warmUp(services);
      const settle = () => {
        void metrics?.load().catch((error: unknown) => logger.warn(`metrics: ${redact(String(error))}`));
        void (after && warmUp(services).catch((error: unknown) => logger.warn(`warm-up: ${redact(String(error))}`)));
      };
      // Answers a previous run (or a replica) still owes are taken up now, not at the first poll.
      outbox.start();
      // Maintainers see the gaps report: keep a copy fresh (the first one a minute after start, off the warm-up).
      if (recorder.recording && config.maintainers.size) report.start(REPORT_FIRST_AFTER_MS);
      if (config.mode === 'socket') {
        await app.start();
        logger.info('ecs-netbot connected to Slack in Socket Mode');
        settle();
        if (!metrics || config.metricsPort === undefined) return {};
        metricsServer = await startMetricsServer(config.metricsPort, config.host, { metrics: metrics.scrape, health });
        logger.info(`metrics at ${config.host}:${metricsServer.port}/metrics (health at /healthz)`);
        return { metricsPort: metricsServer.port };
      }
      const server = (await app.start({ port: port ?? config.port, host: config.host })) as Server;
      const bound = (server.address() as AddressInfo).port;
      logger.info(`ecs-netbot listening on ${config.host.includes(':') ? `[${config.host}]` : config.host}:${bound} (Slack requests at /slack/events, health at /healthz${metrics ? ', metrics at /metrics' : ''})`);
      settle();
      return { port: bound };
    },
    async stop() {
      sampler?.stop();
      report.stop();
      await metricsServer?.close();
      if (socket) await socket.client.disconnect();
      await app.stop();
      await outbox.stop();
    },
  };
}
