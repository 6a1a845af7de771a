/**
 * CloudError: every way a describe can fail, as a stable code and a bilingual message that says what to do.
 * SDK errors are mapped by Alibaba Cloud's error CODE (never by HTTP status: the same status carries many
 * codes). Messages never contain the AccessKey id, secret or token: they are built from our own strings,
 * and the little that comes from the server (its message for an unknown code) is redacted first.
 */
import { cloudStrings } from '../i18n/cloud.js';
import { fill, type Bilingual } from '../i18n/lang.js';

export type CloudErrorCode =
  | 'bad_instance_id'
  | 'bad_region'
  | 'bad_endpoint'
  | 'no_credentials'
  | 'invalid_access_key'
  | 'signature_mismatch'
  | 'forbidden'
  | 'no_permission'
  | 'throttled'
  | 'clock_skew'
  | 'timeout'
  | 'connection_refused'
  | 'not_found'
  | 'service_unavailable'
  | 'api_error';

export class CloudError extends Error {
  readonly code: CloudErrorCode;
  /** The whole message in both languages (`message` is the English one, for logs). */
  readonly messages: Bilingual;
  /** The RequestId of the call that failed, when the API answered. */
  readonly requestId?: string;
  /** Alibaba Cloud's own error code (Forbidden.RAM, Throttling.User, …), when there was one. */
  readonly apiCode?: string;
  /** The API action that failed (DescribeInstances, …). */
  readonly action?: string;

  constructor(code: CloudErrorCode, messages: Bilingual, extra: { requestId?: string; apiCode?: string; action?: string } = {}) {
    super(messages.en);
    this.name = 'CloudError';
    this.code = code;
    this.messages = messages;
    if (extra.requestId) this.requestId = extra.requestId;
    if (extra.apiCode) this.apiCode = extra.apiCode;
    if (extra.action) this.action = extra.action;
  }
}

/** What the message templates may need about the call. */
export interface CallContext {
  action: string;
  regionId: string;
  instanceId: string;
  /** host[:port] the call went to. */
  endpoint: string;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** Values that must never appear in a message (the credentials in use). */
  secrets: readonly string[];
}

type Template = keyof typeof cloudStrings;
type Lang = keyof Bilingual;
type Values = Record<string, string | number>;

/**
 * A CloudError from one template. `values` may differ by language (a function of it). Alibaba Cloud's code
 * and the RequestId are appended when known (the code not when the message already quotes it).
 */
export function cloudError(
  code: CloudErrorCode,
  values: Values | ((lang: Lang) => Values) = {},
  extra: { requestId?: string; apiCode?: string; action?: string; template?: Template; codeInMessage?: boolean } = {},
): CloudError {
  const template = cloudStrings[extra.template ?? code];
  const message = (lang: Lang) => {
    const text = fill(template[lang], typeof values === 'function' ? values(lang) : values);
    const parts: string[] = [];
    if (extra.apiCode && !extra.codeInMessage) parts.push(fill(cloudStrings.suffixCode[lang], { apiCode: extra.apiCode }));
    if (extra.requestId) parts.push(fill(cloudStrings.suffixRequestId[lang], { requestId: extra.requestId }));
    if (!parts.length) return text;
    return lang === 'zh' ? `${text}（${parts.join('，')}）` : `${text} (${parts.join(', ')})`;
  };
  const { requestId, apiCode, action } = extra;
  return new CloudError(code, { zh: message('zh'), en: message('en') }, { requestId, apiCode, action });
}

/** Replaces every secret in `text`, and caps its length: server text is shown to users. */
export function redact(text: string, secrets: readonly string[], max = 300): string {
  let out = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROTO', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** The API code families, first match wins; anything else is api_error. */
const CODE_FAMILIES: Array<[RegExp, CloudErrorCode]> = [
  [/^InvalidAccessKeyId/, 'invalid_access_key'],
  [/^InvalidSecurityToken/, 'invalid_access_key'],
  [/^(SignatureDoesNotMatch|IncompleteSignature|InvalidSignature)/, 'signature_mismatch'],
  [/^InvalidTimeStamp/, 'clock_skew'],
  [/Throttling/, 'throttled'],
  [/^(ServiceUnavailable|InternalError|UnknownError)/, 'service_unavailable'],
  [/^(Forbidden|NoPermission|UnauthorizedOperation)/, 'forbidden'],
  [/^InvalidRegionId/, 'bad_region'],
  [/^InvalidInstanceId\.NotFound/, 'not_found'],
];

/** True for the codes that mean "not permitted" (the DryRun follow-up of an empty list uses it). */
export function isPermissionCode(apiCode: string | undefined): boolean {
  return !!apiCode && /^(Forbidden|NoPermission|UnauthorizedOperation)/.test(apiCode);
}

function stringField(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text && text !== 'undefined' && text !== 'null' ? text : undefined;
}

/** Alibaba Cloud's code of an SDK error: its `code`, else the body's `Code`. */
export function apiCodeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { Code?: unknown; code?: unknown } } | null;
  return stringField(e?.data?.Code) ?? stringField(e?.data?.code) ?? stringField(e?.code);
}

function requestIdOf(error: unknown): string | undefined {
  const e = error as { requestId?: unknown; data?: { RequestId?: unknown; requestId?: unknown } } | null;
  return stringField(e?.data?.RequestId) ?? stringField(e?.data?.requestId) ?? stringField(e?.requestId);
}

/** Maps whatever the SDK (or the network under it) threw into a CloudError. */
export function toCloudError(error: unknown, ctx: CallContext): CloudError {
  if (error instanceof CloudError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const text = String((error as { message?: unknown } | null)?.message ?? '');
  const base = { action: ctx.action, region: ctx.regionId, instanceId: ctx.instanceId, endpoint: ctx.endpoint };

  // Network failures have no API code: httpx names its timeouts RequestTimeoutError (connect and read alike).
  const sysCode = stringField((error as { code?: unknown } | null)?.code);
  if (name === 'RequestTimeoutError' || sysCode === 'ETIMEDOUT' || sysCode === 'ESOCKETTIMEDOUT') {
    const read = /ReadTimeout/.test(text);
    const seconds = (read ? ctx.readTimeoutMs : ctx.connectTimeoutMs) / 1000;
    const detail = cloudStrings[read ? 'readTimeout' : 'connectTimeout'];
    return cloudError('timeout', (lang) => ({ ...base, detail: fill(detail[lang], { seconds }) }), { action: ctx.action });
  }
  if (sysCode && CONNECTION_CODES.has(sysCode)) {
    return cloudError('connection_refused', { ...base, detail: sysCode }, { action: ctx.action });
  }

  const apiCode = apiCodeOf(error);
  const requestId = requestIdOf(error);
  const extra = { requestId, apiCode, action: ctx.action };
  if (!apiCode) {
    return cloudError('api_error', (lang) => ({ ...base, detail: cloudStrings.noCode[lang] }), extra);
  }
  const family = CODE_FAMILIES.find(([pattern]) => pattern.test(apiCode))?.[1] ?? 'api_error';
  if (family === 'forbidden') {
    const detail = (error as { accessDeniedDetail?: { AuthAction?: unknown } } | null)?.accessDeniedDetail;
    const authAction = stringField(detail?.AuthAction);
    const piece = (lang: Lang) => (authAction ? fill(cloudStrings.authAction[lang], { authAction: redact(authAction, ctx.secrets, 80) }) : '');
    return cloudError('forbidden', (lang) => ({ ...base, authAction: piece(lang) }), extra);
  }
  if (family === 'api_error') {
    const serverMessage = stringField((error as { data?: { Message?: unknown } } | null)?.data?.Message);
    const detail = redact(serverMessage ? `${apiCode}: ${serverMessage}` : apiCode, ctx.secrets);
    return cloudError('api_error', { ...base, detail }, { ...extra, codeInMessage: true });
  }
  return cloudError(family, base, extra);
}
