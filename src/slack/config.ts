import { isIP } from 'node:net';
import { isLang, type Lang } from '../i18n/lang.js';

/**
 * The Slack front end's configuration, read once from the environment and validated up front so that a
 * misconfiguration stops the start with one clear sentence naming the variable. Messages never include
 * the value of a token or secret.
 */
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

interface Common {
  botToken: string;
  /** Base URL of the Web API, ending with "/" (Bolt's clientOptions.slackApiUrl); undefined = Slack's. */
  apiUrl?: string;
  /** How long one Web API call may take (SLACK_API_TIMEOUT_MS, default 10 s); three tries at most. */
  apiTimeoutMs: number;
  /**
   * NETBOT_SHED_LAG_MS (HTTP mode): while the event loop lags more than this, a new slash command is told "busy"
   * in its ack and not run (default 200; 0 = never shed on lag, only when the work queue is full).
   */
  shedLagMs: number;
  /** How long an answer Slack could not take is tried again (NETBOT_DELIVERY_WINDOW_S, default 30 min); see docs/delivery.md. */
  deliveryWindowMs: number;
  logLevel: LogLevelName;
  /** NETBOT_LOG_FORMAT: text (default) or json (one JSON object a line, with the request's id). */
  logFormat?: 'text' | 'json';
  /** NETBOT_METRICS=off: no /metrics (default on). */
  metrics?: boolean;
  /**
   * NETBOT_METRICS_PORT: Socket Mode has no HTTP server of its own, so /metrics (and /healthz) are served on this
   * port (at NETBOT_HOST) when it is set; unset, a Socket Mode bot serves no metrics. HTTP mode serves them beside
   * /slack/events and ignores it.
   */
  metricsPort?: number;
  lang: Lang;
  allowedUsers?: ReadonlySet<string>;
  allowedChannels?: ReadonlySet<string>;
  /** NETBOT_MAINTAINERS: who sees the gaps report (App Home, /ecs-ask report). Nobody when unset. */
  maintainers: ReadonlySet<string>;
  /**
   * NETBOT_TRIAGE_ALLOW: users and channels that may read live instance facts from Slack. Nobody when unset.
   * Typed: a user id on the list only ever matches the user, a channel id only the channel.
   */
  triageAllow: TypedIds;
  /** NETBOT_EXPERTS_CHANNEL: where askers may send a question the bot could not answer. No "Ask the experts" when unset. */
  expertsChannel?: string;
}

/** Slack ids split by kind, so that a user id can never be taken for a channel id or the other way round. */
export interface TypedIds {
  users: ReadonlySet<string>;
  channels: ReadonlySet<string>;
}

export type SlackConfig =
  | ({ mode: 'socket'; appToken: string; host: string } & Common)
  | ({ mode: 'http'; signingSecret: string; port: number; host: string } & Common);

export type StartConfig = SlackConfig | { mode: 'console'; lang: Lang };

/** The event-loop lag past which a slash command is shed (NETBOT_SHED_LAG_MS). */
export const DEFAULT_SHED_LAG_MS = 200;

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];
const BOT_TOKEN = /^xoxb-[A-Za-z0-9-]+$/;
const APP_TOKEN = /^xapp-[A-Za-z0-9-]+$/;
// Slack's signing secrets are 32 hex digits; accept any long token-like string so a format change still works.
const SIGNING_SECRET = /^[A-Za-z0-9]{16,}$/;
export const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,20}$/;
/** A public (C…) or private (G…) channel: the experts' channel cannot be a DM. */
const SHARED_CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;
const USER_OR_CHANNEL_ID = /^[UWCGD][A-Z0-9]{2,20}$/;

/** Splits a validated list of user and channel ids by kind. */
function typed(ids: ReadonlySet<string> | undefined): TypedIds {
  const all = [...(ids ?? [])];
  return { users: new Set(all.filter((id) => USER_ID.test(id))), channels: new Set(all.filter((id) => CHANNEL_ID.test(id))) };
}

/** Empty values count as unset: a copied .env.example with blank lines must not look half-configured. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function idList(env: Env, name: string, pattern: RegExp, kind: string): ReadonlySet<string> | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.find((id) => !pattern.test(id));
  if (bad !== undefined || ids.length === 0) {
    const shown = bad === undefined ? '' : ` "${bad.length > 24 ? bad.slice(0, 21) + '…' : bad}"`;
    throw new ConfigError(name, `${name} must be a comma-separated list of ${kind} (e.g. ${name === 'NETBOT_TRIAGE_ALLOW' ? 'U012AB3CD,C012AB3CD' : name !== 'NETBOT_ALLOWED_CHANNELS' ? 'U012AB3CD,W0123ABC' : 'C012AB3CD,G0123ABC,D0123ABC'}); got${shown || ' nothing'}.`);
  }
  return new Set(ids);
}

function common(env: Env, botToken: string): Common {
  if (!BOT_TOKEN.test(botToken)) {
    throw new ConfigError('SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN must be a bot token starting with "xoxb-" (Slack app settings → OAuth & Permissions → Bot User OAuth Token).');
  }
  let apiUrl = read(env, 'SLACK_API_URL');
  if (apiUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(apiUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ConfigError('SLACK_API_URL', 'SLACK_API_URL must be an http:// or https:// URL, e.g. https://slack.com/api/ (leave it unset to use Slack directly).');
    }
    // Credentials in the URL would travel into logs and error messages: refuse them (a proxy's own
    // authentication belongs in its configuration, not in this URL).
    if (url.username || url.password) {
      throw new ConfigError('SLACK_API_URL', 'SLACK_API_URL must not contain a user name or password (https://user:…@host); configure the proxy\'s authentication elsewhere.');
    }
    if (!apiUrl.endsWith('/')) apiUrl += '/';
  }
  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevelName)) {
    throw new ConfigError('LOG_LEVEL', `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (default info).`);
  }
  const timeoutRaw = read(env, 'SLACK_API_TIMEOUT_MS');
  const apiTimeoutMs = timeoutRaw === undefined ? 10_000 : /^\d{2,6}$/.test(timeoutRaw) ? Number(timeoutRaw) : NaN;
  if (!(apiTimeoutMs >= 100 && apiTimeoutMs <= 120_000)) {
    throw new ConfigError('SLACK_API_TIMEOUT_MS', 'SLACK_API_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000 (default 10000).');
  }
  const experts = expertsChannel(env);
  const logFormat = (read(env, 'NETBOT_LOG_FORMAT') ?? 'text').toLowerCase();
  if (logFormat !== 'text' && logFormat !== 'json') throw new ConfigError('NETBOT_LOG_FORMAT', 'NETBOT_LOG_FORMAT must be text or json (default text).');
  const metrics = (read(env, 'NETBOT_METRICS') ?? 'on').toLowerCase();
  if (metrics !== 'on' && metrics !== 'off') throw new ConfigError('NETBOT_METRICS', 'NETBOT_METRICS must be on or off (default on: /metrics beside /healthz).');
  const metricsPort = read(env, 'NETBOT_METRICS_PORT') === undefined ? undefined : port(env, 'NETBOT_METRICS_PORT');
  const windowRaw = read(env, 'NETBOT_DELIVERY_WINDOW_S');
  const deliveryWindowS = windowRaw === undefined ? 1800 : /^\d{1,5}$/.test(windowRaw) ? Number(windowRaw) : NaN;
  if (!(deliveryWindowS >= 60 && deliveryWindowS <= 86_400)) {
    throw new ConfigError('NETBOT_DELIVERY_WINDOW_S', 'NETBOT_DELIVERY_WINDOW_S must be a whole number of seconds from 60 to 86400 (default 1800, 30 minutes).');
  }
  const lagRaw = read(env, 'NETBOT_SHED_LAG_MS');
  const shedLagMs = lagRaw === undefined ? DEFAULT_SHED_LAG_MS : /^\d{1,5}$/.test(lagRaw) ? Number(lagRaw) : NaN;
  if (!(shedLagMs >= 0 && shedLagMs <= 10_000)) {
    throw new ConfigError('NETBOT_SHED_LAG_MS', `NETBOT_SHED_LAG_MS must be a whole number of milliseconds from 0 (never shed on lag) to 10000, e.g. 200 (the default: ${DEFAULT_SHED_LAG_MS}).`);
  }
  return {
    botToken,
    apiUrl,
    apiTimeoutMs,
    shedLagMs,
    deliveryWindowMs: deliveryWindowS * 1000,
    logLevel: logLevel as LogLevelName,
    logFormat,
    metrics: metrics === 'on',
    ...(metricsPort === undefined ? {} : { metricsPort }),
    lang: defaultLang(env),
    allowedUsers: idList(env, 'NETBOT_ALLOWED_USERS', USER_ID, 'Slack user ids (U… or W…)'),
    allowedChannels: idList(env, 'NETBOT_ALLOWED_CHANNELS', CHANNEL_ID, 'Slack channel ids (C…, G… or D…)'),
    maintainers: idList(env, 'NETBOT_MAINTAINERS', USER_ID, 'Slack user ids (U… or W…)') ?? new Set(),
    triageAllow: typed(idList(env, 'NETBOT_TRIAGE_ALLOW', USER_OR_CHANNEL_ID, 'Slack user or channel ids (U…, W…, C…, G…, D…)')),
    ...(experts ? { expertsChannel: experts } : {}),
  };
}

function expertsChannel(env: Env): string | undefined {
  const raw = read(env, 'NETBOT_EXPERTS_CHANNEL');
  if (raw === undefined || SHARED_CHANNEL_ID.test(raw)) return raw;
  const shown = raw.length > 24 ? raw.slice(0, 21) + '…' : raw;
  throw new ConfigError(
    'NETBOT_EXPERTS_CHANNEL',
    `NETBOT_EXPERTS_CHANNEL must be one channel id, C… (public) or G… (private), e.g. C012AB3CD (channel details → About → Channel ID; not its name); got "${shown}".`,
  );
}

function defaultLang(env: Env): Lang {
  const lang = read(env, 'NETBOT_LANG');
  if (lang === undefined) return 'en';
  if (!isLang(lang)) throw new ConfigError('NETBOT_LANG', 'NETBOT_LANG must be zh or en (default en).');
  return lang;
}

function port(env: Env, name = 'PORT'): number {
  const raw = read(env, name);
  if (raw === undefined) return 3000;
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 0 && value <= 65535) || (value === 0 && name === 'PORT')) {
    throw new ConfigError(name, name === 'PORT' ? 'PORT must be a whole number from 1 to 65535 (default 3000).' : `${name} must be a whole number from 0 (any free port) to 65535, e.g. 9464.`);
  }
  return value;
}

/**
 * NETBOT_HOST: the address the HTTP server listens on. The default, 0.0.0.0 (every IPv4 interface), is what a
 * container needs; 127.0.0.1 keeps it to this machine (behind a local TLS proxy), :: takes IPv6 too.
 */
function host(env: Env): string {
  const raw = read(env, 'NETBOT_HOST');
  if (raw === undefined) return '0.0.0.0';
  if (isIP(raw) === 0) {
    throw new ConfigError('NETBOT_HOST', `NETBOT_HOST must be an IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every IPv4 interface, the default) or :: (every interface); got "${raw.slice(0, 40)}".`);
  }
  return raw;
}

/**
 * Picks the mode: Socket Mode with SLACK_APP_TOKEN + SLACK_BOT_TOKEN, HTTP with SLACK_SIGNING_SECRET +
 * SLACK_BOT_TOKEN, the local console when none of the three is set. Anything in between throws ConfigError.
 */
export function loadConfig(env: Env = process.env): StartConfig {
  const botToken = read(env, 'SLACK_BOT_TOKEN');
  const appToken = read(env, 'SLACK_APP_TOKEN');
  const signingSecret = read(env, 'SLACK_SIGNING_SECRET');
  if (!botToken && !appToken && !signingSecret) return { mode: 'console', lang: defaultLang(env) };
  if (!botToken) {
    const given = appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
    throw new ConfigError('SLACK_BOT_TOKEN', `SLACK_BOT_TOKEN is not set but ${given} is: set SLACK_BOT_TOKEN (xoxb-…) too, or unset ${given} to use the local console.`);
  }
  if (appToken) {
    if (!APP_TOKEN.test(appToken)) {
      throw new ConfigError('SLACK_APP_TOKEN', 'SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Slack app settings → Basic Information → App-Level Tokens, scope connections:write).');
    }
    return { mode: 'socket', appToken, host: host(env), ...common(env, botToken) };
  }
  if (!signingSecret) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them.',
    );
  }
  if (!SIGNING_SECRET.test(signingSecret)) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET does not look like a signing secret (Slack app settings → Basic Information → App Credentials → Signing Secret).');
  }
  return { mode: 'http', signingSecret, port: port(env), host: host(env), ...common(env, botToken) };
}
