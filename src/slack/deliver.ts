import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
/**
 * How a failed call to Slack is read: whether Slack can have acted on it. "clear": it did not (a 429, a 5xx
 * answer, a connection refused before anything was sent), so sending again is safe; "unknown": it may have (a
 * timeout, a connection broken after the request went out); "refused": Slack answered no for good (a bad
 * channel, an expired response_url), so sending again will not help.
 */
export interface Failure {
  how: 'clear' | 'unknown' | 'refused';
  /** A short code for logs ("HTTP 500", "timed out", "channel_not_found"): never the message or a URL. */
  error: string;
  retryAfterMs?: number;
}

/** Network errors raised before the request left this host: nothing reached Slack. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A fetch that threw: refused before sending is clear, a timeout or a broken connection is unknown. */
export function networkFailure(error: unknown): Failure {
  const e = error as { name?: string; code?: string; cause?: { code?: string } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  if (code && NOT_SENT.has(code)) return { how: 'clear', error: code };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { how: 'unknown', error: 'timed out' };
  return { how: 'unknown', error: code ?? 'connection failed' };
}

function retryAfter(header: string | null | undefined): number | undefined {
  return header != null && /^\d{1,4}$/.test(header.trim()) ? Number(header) * 1000 : undefined;
}

/**
 * Kept-alive connections to response_url hosts: a reply does not pay for a new connection (or TLS handshake).
 * One idle for 4 s is closed (fetch's own default), before a server's usual 5 s: a POST on a connection the
 * server is closing would fail with its outcome unknown, and such a reply is not sent again.
 */
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
const AGENTS = { 'http:': new HttpAgent(KEEP_ALIVE), 'https:': new HttpsAgent(KEEP_ALIVE) };

/**
 * POSTs JSON with node:http(s) rather than fetch, which costs several times the CPU per request (issue #18's
 * profile: a third of a slash command's answer). Resolves with the status once the response has been read;
 * rejects with the request's error (its `code`, e.g. ECONNREFUSED) or a TimeoutError after `timeoutMs`.
 */
function postJson(url: string, json: string, timeoutMs: number): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const agent = target.protocol === 'https:' ? AGENTS['https:'] : target.protocol === 'http:' ? AGENTS['http:'] : undefined;
    if (!agent) return reject(new TypeError(`unsupported protocol ${target.protocol}`));
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) } }, (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
      });
      res.on('error', fail);
    });
    function fail(error: unknown) {
      clearTimeout(timer);
      reject(error);
    }
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), timeoutMs);
    req.on('error', fail);
    req.end(json);
  });
}

/** One POST to a response_url (no retry here: the outbox decides); 429 and 5xx are clear failures. */
export async function postOnce(url: string, body: unknown, timeoutMs = 5_000): Promise<{ ok: true } | ({ ok: false } & Failure)> {
  try {
    const res = await postJson(url, JSON.stringify(body), timeoutMs);
    if (res.status >= 200 && res.status < 300) return { ok: true };
    const error = `HTTP ${res.status}`;
    if (res.status === 429 || res.status >= 500) return { ok: false, how: 'clear', error, ...optional(retryAfter(res.retryAfter)) };
    return { ok: false, how: 'refused', error }; // expired or already used five times: trying again will not help
  } catch (error) {
    return { ok: false, ...networkFailure(error) };
  }
}

const optional = (retryAfterMs: number | undefined) => (retryAfterMs === undefined ? {} : { retryAfterMs });

/** A response_url POST, once: true when Slack took it (the front door's "busy" replies). */
export async function postToResponseUrl(url: string, body: unknown, timeoutMs?: number): Promise<boolean> {
  return (await postOnce(url, body, timeoutMs)).ok;
}

/** Platform errors ({ ok: false, error }) that mean Slack did not act and will take the call later. */
const TRY_LATER = new Set(['ratelimited', 'rate_limited', 'service_unavailable', 'request_timeout']);
/** Platform errors that Slack documents as "some aspect of the operation may have succeeded". */
const MAYBE_DONE = new Set(['internal_error', 'fatal_error']);

/**
 * A failed Web API call (@slack/web-api's errors). `httpError`: how to read an HTTP error status (a 5xx from
 * Slack or a proxy): clear for ephemeral posts (the caller's rule), unknown for visible posts, which can be
 * looked up and so are checked before they are sent again.
 */
export function apiFailure(error: unknown, httpError: 'clear' | 'unknown'): Failure {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; original?: unknown };
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return { how: 'clear', error: 'rate limited', retryAfterMs: (e.retryAfter ?? 1) * 1000 };
    case 'slack_webapi_platform_error': {
      const code = String(e.data?.error ?? 'unknown_error').slice(0, 60);
      return { how: TRY_LATER.has(code) ? 'clear' : MAYBE_DONE.has(code) ? 'unknown' : 'refused', error: code };
    }
    case 'slack_webapi_http_error':
      return { how: e.statusCode === 429 ? 'clear' : httpError, error: `HTTP ${e.statusCode ?? '?'}` };
    case 'slack_webapi_request_error':
      return networkFailure(e.original);
    default:
      return { how: 'unknown', error: 'unexpected error' };
  }
}
