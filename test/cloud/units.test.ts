/**
 * The pieces without a server: validators, endpoint parsing, the start-up check, which credential sources
 * the chain will try, the retry policy as the SDK's own retry code reads it, and the cache.
 */
import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/util/ttl-cache.js';
import { credentialSources, probeHost, skippedSources } from '../../src/cloud/credentials.js';
import { checkCloudEnv, isValidInstanceId, isValidRegionId, RAM_POLICY, regionFromEnv } from '../../src/cloud/index.js';
import { MAX_ATTEMPTS, MAX_RETRY_DELAY_MS, retryOptions } from '../../src/cloud/retry.js';
import { $dara, OpenApi } from '../../src/cloud/sdk.js';
import { parseEndpoint } from '../../src/cloud/validate.js';

describe('instance ids', () => {
  it.each(['i-bp67acfmxazb4ph7ts1q', 'i-2zeaxg6u5bxqnp9zdmc4', 'i-23zj2i8ko', 'i-t4n9m4dlbx1p6k2lbf4h', 'i-0jl4c1fcpj3s7u6ti5n8'])('%s is accepted', (id) => {
    expect(isValidInstanceId(id)).toBe(true);
  });
  it.each(['', 'i-', 'i-abc12', 'bp67acfmxazb4ph7ts1q', 'I-bp67acfmxazb4ph7ts1q', 'i-BP67ACFMXAZB4PH7TS1Q', 'i-bp67_acfmxazb4', 'i-bp67acfm xazb4', `i-${'a'.repeat(31)}`, 'eni-bp1primary00000001', 'i-bp67acfmxazb4ph7ts1q\n'])(
    '%j is refused',
    (id) => expect(isValidInstanceId(id)).toBe(false),
  );
});

describe('region ids', () => {
  it.each(['cn-hangzhou', 'cn-shanghai', 'cn-hongkong', 'ap-southeast-1', 'us-east-1', 'eu-central-1', 'me-east-1', 'cn-shanghai-finance-1', 'cn-north-2-gov-1', 'rus-west-1-pop'])('%s is accepted', (region) => {
    expect(isValidRegionId(region)).toBe(true);
  });
  it.each(['', 'hangzhou', 'cn', 'cn-', '-cn-hangzhou', 'cn_hangzhou', 'CN-HANGZHOU', 'cn-hangzhou.', 'cn-hangzhou/x', 'cn-a-b-c-d-e', `cn-${'a'.repeat(40)}`])('%j is refused', (region) => {
    expect(isValidRegionId(region)).toBe(false);
  });
  it('regionFromEnv reads ALIBABA_CLOUD_REGION_ID', () => {
    expect(regionFromEnv({ ALIBABA_CLOUD_REGION_ID: ' cn-beijing ' })).toBe('cn-beijing');
    expect(regionFromEnv({})).toBeUndefined();
  });
});

describe('endpoint overrides', () => {
  it.each([
    ['ecs.cn-hangzhou.aliyuncs.com', { host: 'ecs.cn-hangzhou.aliyuncs.com', protocol: 'https' }],
    ['ecs-vpc.cn-hangzhou.aliyuncs.com:8443', { host: 'ecs-vpc.cn-hangzhou.aliyuncs.com:8443', protocol: 'https' }],
    ['http://127.0.0.1:8080', { host: '127.0.0.1:8080', protocol: 'http' }],
    ['http://127.0.0.1:8080/', { host: '127.0.0.1:8080', protocol: 'http' }],
    ['https://proxy.internal', { host: 'proxy.internal', protocol: 'https' }],
    ['[::1]:8443', { host: '[::1]:8443', protocol: 'https' }],
  ])('%s', (value, expected) => expect(parseEndpoint(value)).toEqual(expected));

  it.each(['', 'ftp://host', 'http://user:pw@host', 'http://host/path', 'host/path', 'http://host?x=1', 'ho st', 'http://'])('%j is refused', (value) => {
    expect(parseEndpoint(value)).toBeUndefined();
  });

  it('checkCloudEnv names the bad variable, and is quiet without credentials', () => {
    expect(checkCloudEnv({})).toBeUndefined();
    expect(checkCloudEnv({ NETBOT_ECS_ENDPOINT: 'http://127.0.0.1:1', ALIBABA_CLOUD_REGION_ID: 'cn-north-2-gov-1' })).toBeUndefined();
    expect(checkCloudEnv({ NETBOT_VPC_ENDPOINT: 'http://x/y' })).toMatch(/^NETBOT_VPC_ENDPOINT must be/);
    expect(checkCloudEnv({ ALIBABA_CLOUD_REGION_ID: 'Hangzhou' })).toMatch(/^ALIBABA_CLOUD_REGION_ID must be/);
  });
});

describe('credential sources (the SDK default chain order, from the given env)', () => {
  // 'unknown': a machine that does not say what it is (this one has no DMI), as the SDK's chain assumes.
  const names = (env: Record<string, string>, host: 'ecs' | 'other' | 'unknown' = 'unknown') => credentialSources(env, host).map((s) => s.name);

  it('all of them when everything is configured', () => {
    expect(
      names({
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'a',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b',
        ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/x',
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1:oidc-provider/y',
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/token',
        ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:1/creds',
      }),
    ).toEqual(['env', 'oidc', 'cli_profile', 'profile', 'ecs_ram_role', 'credentials_uri']);
  });

  it('honours ALIBABA_CLOUD_ECS_METADATA_DISABLED and ALIBABA_CLOUD_CLI_PROFILE_DISABLED (any case)', () => {
    expect(names({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'TRUE', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' })).toEqual(['profile']);
    expect(names({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'false' })).toEqual(['cli_profile', 'profile', 'ecs_ram_role']);
  });

  it('does not ask the metadata service on a machine that says it is not ECS, unless a role is named (issue #17)', () => {
    expect(names({}, 'other')).toEqual(['cli_profile', 'profile']);
    expect(skippedSources({}, 'other')).toContain('ecs_ram_role (not on ECS)');
    expect(names({}, 'ecs')).toEqual(['cli_profile', 'profile', 'ecs_ram_role']);
    expect(names({ ALIBABA_CLOUD_ECS_METADATA: 'netbot-reader' }, 'other')).toEqual(['cli_profile', 'profile', 'ecs_ram_role']);
    expect(skippedSources({ ALIBABA_CLOUD_ECS_METADATA: 'netbot-reader' }, 'other')).not.toContain('ecs_ram_role (not on ECS)');
    expect(names({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }, 'ecs')).toEqual(['cli_profile', 'profile']);
  });

  it('tells ECS from other machines by the DMI strings cloud-init reads, and says unknown where there are none', () => {
    const dmi = (files: Record<string, string>) => (path: string) => {
      if (!(path in files)) throw new Error('ENOENT');
      return files[path]!;
    };
    const PRODUCT = '/sys/class/dmi/id/product_name';
    const VENDOR = '/sys/class/dmi/id/sys_vendor';
    expect(probeHost(dmi({ [PRODUCT]: 'Alibaba Cloud ECS\n', [VENDOR]: 'Alibaba Cloud\n' }), 'linux')).toBe('ecs');
    expect(probeHost(dmi({ [VENDOR]: 'Alibaba Cloud\n' }), 'linux')).toBe('ecs');
    expect(probeHost(dmi({ [PRODUCT]: 'Standard PC (Q35 + ICH9, 2009)\n', [VENDOR]: 'QEMU\n' }), 'linux')).toBe('other');
    expect(probeHost(dmi({}), 'linux')).toBe('unknown');
    expect(probeHost(dmi({ [PRODUCT]: 'Alibaba Cloud ECS' }), 'win32')).toBe('unknown');
  });

  it('needs both key id and secret for env', () => {
    expect(names({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'a', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' })).toEqual(['cli_profile', 'profile']);
  });
});

describe('the retry policy, as @darabonba/typescript reads it', () => {
  const options = retryOptions();
  const throttling = (retryAfter?: number) => new OpenApi.ThrottlingError({ code: 'Throttling.User', message: 'x', retryAfter });
  const ctx = (retriesAttempted: number, exception: unknown) => new $dara.RetryPolicyContext({ retriesAttempted, exception });

  it('retries Throttling* (any) and ServiceUnavailable up to 3 attempts in all', () => {
    for (const error of [throttling(), new OpenApi.ThrottlingError({ code: 'Throttling.Concurrent', message: 'x' }), new OpenApi.ServerError({ code: 'ServiceUnavailable', message: 'x' })]) {
      expect($dara.shouldRetry(options, ctx(1, error))).toBe(true);
      expect($dara.shouldRetry(options, ctx(2, error))).toBe(true);
      expect($dara.shouldRetry(options, ctx(MAX_ATTEMPTS, error))).toBe(false);
    }
  });

  it('does not retry anything else: permission, signature, server errors, timeouts, refused connections', () => {
    const timeout = Object.assign(new Error('ReadTimeout(8000)'), { name: 'RequestTimeoutError' });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (const error of [
      new OpenApi.ClientError({ code: 'Forbidden.RAM', message: 'x' }),
      new OpenApi.ClientError({ code: 'SignatureDoesNotMatch', message: 'x' }),
      new OpenApi.ServerError({ code: 'InternalError', message: 'x' }),
      timeout,
      refused,
    ]) {
      expect($dara.shouldRetry(options, ctx(1, error))).toBe(false);
    }
  });

  it('waits the server retry-after (ms), capped; else an exponential backoff with jitter', () => {
    expect($dara.getBackoffDelay(options, ctx(1, throttling(300)))).toBe(300);
    expect($dara.getBackoffDelay(options, ctx(1, throttling(60_000)))).toBe(MAX_RETRY_DELAY_MS);
    for (let i = 0; i < 20; i++) {
      const first = $dara.getBackoffDelay(options, ctx(1, throttling()));
      const second = $dara.getBackoffDelay(options, ctx(2, throttling()));
      expect(first).toBeGreaterThanOrEqual(256);
      expect(first).toBeLessThanOrEqual(512);
      expect(second).toBeGreaterThanOrEqual(1000);
      expect(second).toBeLessThanOrEqual(2000);
    }
  });
});

describe('cache', () => {
  it('expires by the age of the value and drops the oldest entry past its bound', () => {
    let now = 1000;
    const cache = new TtlCache<string>(30_000, 2, () => now);
    cache.set('a', 'A', 0);
    now = 29_999;
    expect(cache.get('a')).toBe('A');
    now = 30_000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 'B');
    cache.set('c', 'C');
    cache.set('d', 'D');
    expect([cache.get('b'), cache.get('c'), cache.get('d'), cache.size]).toEqual([undefined, 'C', 'D', 2]);
  });
});

it('RAM_POLICY is the four read-only actions on every resource', () => {
  expect(JSON.parse(RAM_POLICY)).toEqual({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: ['ecs:DescribeInstances', 'ecs:DescribeNetworkInterfaces', 'vpc:DescribeEipAddresses', 'ecs:DescribeSecurityGroupAttribute'], Resource: '*' }],
  });
});
