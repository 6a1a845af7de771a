/**
 * Input checks done before any call: instance id, region id, and the endpoint overrides. A bad value is
 * refused here, so nothing is sent for it.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * `i-` and lowercase letters and digits. Current ids have 20 after the prefix (i-bp67acfmxazb4ph7ts1q);
 * classic-era ids are shorter (i-23zj2i8ko, 9), so 6–30 is accepted.
 */
export const INSTANCE_ID_PATTERN = /^i-[a-z0-9]{6,30}$/;

/**
 * Two or three letters, then one to four dash-separated parts: cn-hangzhou, ap-southeast-1, us-east-1,
 * cn-shanghai-finance-1, cn-north-2-gov-1 (four parts).
 */
export const REGION_ID_PATTERN = /^[a-z]{2,3}(-[a-z0-9]+){1,4}$/;
const MAX_REGION_LENGTH = 40;

export function isValidInstanceId(value: string): boolean {
  return INSTANCE_ID_PATTERN.test(value);
}

export function isValidRegionId(value: string): boolean {
  return value.length <= MAX_REGION_LENGTH && REGION_ID_PATTERN.test(value);
}

/** A region id as written in a message: one of Alibaba Cloud's area prefixes, so that words like "ip-address" are not taken for one. */
export function isRegionInText(word: string): boolean {
  return /^(?:cn|ap|us|eu|me|ru|sa|na)-/.test(word) && isValidRegionId(word);
}

/** The region from the environment (`ALIBABA_CLOUD_REGION_ID`), for callers without a --region. */
export function regionFromEnv(env: Env): string | undefined {
  return env.ALIBABA_CLOUD_REGION_ID?.trim() || undefined;
}

/** Where one product's API is called: `host[:port]` as the SDK's Config.endpoint wants it, and the protocol. */
export interface Endpoint {
  host: string;
  protocol: 'https' | 'http';
}

export const ENDPOINT_VARIABLES = { ecs: 'NETBOT_ECS_ENDPOINT', vpc: 'NETBOT_VPC_ENDPOINT' } as const;
export type Product = keyof typeof ENDPOINT_VARIABLES;

/**
 * `host[:port]` (HTTPS) or a full `http(s)://host[:port]` URL (its protocol then). Anything with a path,
 * query, fragment or user info is refused: the SDK would silently drop it, and credentials in a URL leak.
 */
export function parseEndpoint(value: string): Endpoint | undefined {
  const text = value.trim();
  if (!text || /\s/.test(text)) return undefined;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  if (!hasScheme && text.includes('/')) return undefined;
  if (!url.hostname) return undefined;
  return { host: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}

/**
 * The endpoint override of one product from the environment: undefined when unset (the SDK's regional
 * endpoint is used), `{ error }` when set but unusable.
 */
export function endpointOverride(env: Env, product: Product): Endpoint | { error: string; value: string } | undefined {
  const variable = ENDPOINT_VARIABLES[product];
  const value = env[variable]?.trim();
  if (!value) return undefined;
  return parseEndpoint(value) ?? { error: variable, value };
}

/**
 * The cloud settings checked once at start (like checkCommandEnv): one sentence naming the variable, or
 * undefined when all is well. Credentials are not checked here: their absence must not stop the start.
 */
export function checkCloudEnv(env: Env): string | undefined {
  for (const product of ['ecs', 'vpc'] as const) {
    const override = endpointOverride(env, product);
    if (override && 'error' in override) {
      return `${override.error} must be host[:port] (HTTPS) or a URL such as http://127.0.0.1:8080, without a path or user info; leave it unset to use the regional endpoint.`;
    }
  }
  const region = regionFromEnv(env);
  if (region && !isValidRegionId(region)) {
    return 'ALIBABA_CLOUD_REGION_ID must be a region ID such as cn-hangzhou, ap-southeast-1 or us-east-1.';
  }
  return undefined;
}
