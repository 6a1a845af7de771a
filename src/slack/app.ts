import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi, type Logger } from '@slack/bolt';
import type { Services } from '../commands/types.js';
import type { SlackConfig } from './config.js';
import { SeenSet } from './dedupe.js';
import type { Deps } from './deps.js';
import { FeedbackRecorder } from './feedback.js';
import { registerListeners } from './listeners/index.js';

const LOG_LEVELS: Record<SlackConfig['logLevel'], LogLevel> = {
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
  /** Connects (Socket Mode) or listens (HTTP; `port` overrides the configured one, 0 = any free port). */
  start(port?: number): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** Names the cause of a failed auth.test without echoing anything secret. */
function describeStartFailure(error: unknown, config: SlackConfig): string {
  const data = (error as { data?: { error?: unknown } }).data;
  const code = typeof data?.error === 'string' ? data.error : undefined;
  if (code) return `Slack rejected SLACK_BOT_TOKEN (${code}): check the Bot User OAuth Token and that the app is installed to the workspace.`;
  const target = config.apiUrl ? 'SLACK_API_URL' : 'the Slack API (https://slack.com/api/)';
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `Could not reach ${target} to verify SLACK_BOT_TOKEN: ${reason}`;
}

export function createSlackBot(config: SlackConfig, services: Services, opts: { logger?: Logger } = {}): SlackBot {
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // Bounded retries: a start against an unreachable API fails in minutes, not half an hour.
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
  };
  const mode =
    config.mode === 'socket'
      ? { socketMode: true as const, appToken: config.appToken }
      : {
          signingSecret: config.signingSecret,
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req: unknown, res: import('node:http').ServerResponse) => {
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end('{"ok":true}');
              },
            },
          ],
        };
  const app = new App({
    token: config.botToken,
    ...mode,
    logLevel: LOG_LEVELS[config.logLevel],
    ...(opts.logger ? { logger: opts.logger } : {}),
    clientOptions,
    // auth.test runs in start(), where its failure becomes one clear message instead of an unhandled rejection.
    deferInitialization: true,
  });
  const logger = app.logger;
  const deps: Deps = { config, services, seen: new SeenSet(), feedback: new FeedbackRecorder(logger), logger };
  registerListeners(app, deps);
  app.error(async (error) => {
    // Never log request bodies or tokens: the message and code are enough to diagnose.
    logger.error(`listener failed: ${(error as { code?: string }).code ?? ''} ${error.message}`);
  });

  return {
    app,
    deps,
    async start(port) {
      try {
        await app.init();
      } catch (error) {
        throw new StartError(describeStartFailure(error, config));
      }
      if (config.mode === 'socket') {
        await app.start();
        logger.info('ecs-netbot connected to Slack in Socket Mode');
        return {};
      }
      const server = (await app.start(port ?? config.port)) as Server;
      const bound = (server.address() as AddressInfo).port;
      logger.info(`ecs-netbot listening on port ${bound} (Slack requests at /slack/events, health at /healthz)`);
      return { port: bound };
    },
    async stop() {
      await app.stop();
    },
  };
}
