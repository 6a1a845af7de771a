/**
 * Every way describeInstance can fail, with the REAL SDK against the fake OpenAPI: API error codes (mapped
 * by code, whatever the status), the empty list (no permission vs not found), retries, timeouts, the
 * network, credentials, input checks. And that no message or log line ever carries the credentials.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudError, createCloudClient, type CloudCallEvent, type CloudClientOptions, type CloudErrorCode } from '../../src/cloud/index.js';
import { fakeEni, fakeInstance, startFakeOpenApi, type FakeOpenApi } from '../support/fake-openapi.js';
import { freePort } from '../support/ports.js';
import { AK, emptyHome, envFor, guardLoopback, onlyReads, SECRET, startFake, TOKEN } from './setup.js';

let fake: FakeOpenApi;
let home: ReturnType<typeof emptyHome>;
let unguard: () => void;
/** Every error and log event of this file, checked for secrets at the end. */
const seenErrors: CloudError[] = [];
const seenEvents: CloudCallEvent[] = [];

const ID = 'i-bp1errors0000000001';

beforeAll(async () => {
  unguard = guardLoopback();
  home = emptyHome();
  fake = await startFake({ LTAI5tSTSRECOGNISABLE0002: { secret: SECRET, token: TOKEN } });
  fake.addInstance({ instance: fakeInstance({ InstanceId: ID }), enis: [fakeEni({ InstanceId: ID })] });
});
afterEach(() => {
  expect(onlyReads(fake)).toBe(true);
});
afterAll(async () => {
  await fake.close();
  home.remove();
  unguard();
});

function client(opts: CloudClientOptions = {}, env: Record<string, string | undefined> = envFor(fake, home.path)) {
  return createCloudClient(env, { log: (e) => seenEvents.push(e), ...opts });
}

/** The CloudError describeInstance rejects with (failing the test if it resolves or throws anything else). */
async function failure(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError);
    seenErrors.push(error as CloudError);
    return error as CloudError;
  }
  throw new Error('expected a CloudError, got facts');
}

/** A fresh instance id per test, so faults and caches never leak between tests. */
let counter = 0;
function freshInstance(): string {
  const id = `i-bp1fresh${String(++counter).padStart(12, '0')}`;
  fake.addInstance({ instance: fakeInstance({ InstanceId: id }), enis: [fakeEni({ InstanceId: id })] });
  return id;
}

describe('API error codes are mapped by code, whatever the HTTP status', () => {
  const cases: Array<[apiCode: string, status: number, expected: CloudErrorCode]> = [
    ['InvalidAccessKeyId.NotFound', 404, 'invalid_access_key'],
    ['InvalidAccessKeyId.Inactive', 400, 'invalid_access_key'],
    ['InvalidAccessKeyId', 400, 'invalid_access_key'],
    ['InvalidSecurityToken.Expired', 400, 'invalid_access_key'],
    ['SignatureDoesNotMatch', 400, 'signature_mismatch'],
    ['IncompleteSignature', 400, 'signature_mismatch'],
    ['Forbidden.RAM', 403, 'forbidden'],
    ['Forbidden', 403, 'forbidden'],
    ['NoPermission', 403, 'forbidden'],
    ['Forbidden.RAM', 500, 'forbidden'],
    ['InvalidTimeStamp.Expired', 400, 'clock_skew'],
    ['InternalError', 500, 'service_unavailable'],
    ['InvalidRegionId.NotFound', 404, 'bad_region'],
    ['InvalidParameter', 400, 'api_error'],
    ['Some.NewCode', 418, 'api_error'],
    ['SignatureDoesNotMatch', 503, 'signature_mismatch'],
  ];

  it.each(cases)('%s (HTTP %i) → %s, tried once, with the RequestId', async (apiCode, status, expected) => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, fault: { kind: 'error', code: apiCode, status } });
    const before = fake.calls('DescribeInstances').length;
    const error = await failure(client().describeInstance(id, 'cn-hangzhou'));
    expect(error.code).toBe(expected);
    expect(error.apiCode).toBe(apiCode);
    expect(error.action).toBe('DescribeInstances');
    const sent = fake.calls('DescribeInstances').slice(before);
    expect(sent).toHaveLength(1);
    expect(error.requestId).toBe(sent[0]!.requestId);
    for (const lang of ['zh', 'en'] as const) {
      expect(error.messages[lang]).toContain(sent[0]!.requestId!);
      expect(error.messages[lang]).toContain(apiCode);
    }
    expect(error.message).toBe(error.messages.en);
  });

  it('forbidden names the minimal RAM policy, and the action that was refused', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeNetworkInterfaces', instanceId: id, fault: { kind: 'error', code: 'Forbidden.RAM', status: 403, authAction: 'ecs:DescribeNetworkInterfaces' } });
    const error = await failure(client().describeInstance(id, 'cn-hangzhou'));
    expect(error.code).toBe('forbidden');
    expect(error.action).toBe('DescribeNetworkInterfaces');
    for (const lang of ['zh', 'en'] as const) {
      for (const action of ['ecs:DescribeInstances', 'ecs:DescribeNetworkInterfaces', 'vpc:DescribeEipAddresses']) expect(error.messages[lang]).toContain(action);
    }
    expect(error.messages.en).toContain('(missing ecs:DescribeNetworkInterfaces)');
  });

  it('api_error quotes the server message, with any credential in it redacted', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, fault: { kind: 'error', code: 'Weird.Code', status: 400, message: `Key ${AK} with secret ${SECRET} rejected` } });
    const error = await failure(client().describeInstance(id, 'cn-hangzhou'));
    expect(error.code).toBe('api_error');
    expect(error.messages.en).toContain('Weird.Code: Key *** with secret *** rejected');
  });
});

describe('an empty list', () => {
  it('with a DryRun that says "not permitted" → no_permission', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, fault: { kind: 'empty', dryRun: 'forbidden' } });
    const before = fake.requests.length;
    const error = await failure(client().describeInstance(id, 'cn-hangzhou'));
    expect(error.code).toBe('no_permission');
    expect(error.apiCode).toBe('Forbidden.RAM');
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => [r.action, r.dryRun])).toEqual([
      ['DescribeInstances', false],
      ['DescribeInstances', true],
    ]);
    expect(sent[1]!.query).toMatchObject({ DryRun: 'true', InstanceIds: JSON.stringify([id]), RegionId: 'cn-hangzhou' });
    expect(error.requestId).toBe(sent[1]!.requestId);
    expect(error.messages.en).toContain('ecs:DescribeInstances');
    expect(error.messages.zh).toContain('ecs:DescribeInstances');
  });

  it('with a DryRun that answers DryRunOperation (permitted) → not_found, with the list RequestId', async () => {
    const unknown = 'i-bp1doesnotexist00001';
    const before = fake.requests.length;
    const error = await failure(client().describeInstance(unknown, 'cn-hangzhou'));
    expect(error.code).toBe('not_found');
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => [r.action, r.dryRun, r.code])).toEqual([
      ['DescribeInstances', false, undefined],
      ['DescribeInstances', true, 'DryRunOperation'],
    ]);
    expect(error.requestId).toBe(sent[0]!.requestId);
    expect(error.messages.en).toContain(unknown);
    expect(error.messages.zh).toContain('cn-hangzhou');
  });

  it('a DryRun that fails otherwise is reported as that failure', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, dryRun: false, fault: { kind: 'empty', dryRun: 'permitted' } });
    fake.fault({ action: 'DescribeInstances', instanceId: id, dryRun: true, fault: { kind: 'error', code: 'InvalidTimeStamp.Expired', status: 400 } });
    expect((await failure(client().describeInstance(id, 'cn-hangzhou'))).code).toBe('clock_skew');
  });
});

describe('retries: only Config.retryOptions, at most 3 attempts', () => {
  it('throttled twice then success: honours x-acs-retry-after, each retry signed afresh', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, times: 2, fault: { kind: 'throttle', retryAfterMs: 200 } });
    const before = fake.calls('DescribeInstances').length;
    const fetched = await client().describeInstance(id, 'cn-hangzhou');
    expect(fetched.instance.instanceId).toBe(id);
    const sent = fake.calls('DescribeInstances').slice(before);
    expect(sent.map((r) => r.code ?? 'ok')).toEqual(['Throttling.User', 'Throttling.User', 'ok']);
    expect(sent.map((r) => r.headers['x-acs-retry-attempts'])).toEqual([undefined, '1', '2']);
    expect(sent.map((r) => r.headers['x-acs-retry-delay'])).toEqual([undefined, '200', '200']);
    // The SDK slept before each retry (a lower bound only: timers never fire early by more than a tick).
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(195);
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(195);
    expect(new Set(sent.map((r) => r.headers['x-acs-signature-nonce'])).size).toBe(3);
  });

  it('throttled forever → throttled after exactly 3 attempts, with the backoff between them', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, fault: { kind: 'throttle', code: 'Throttling.Api' } });
    const before = fake.requests.length;
    const error = await failure(client().describeInstance(id, 'cn-hangzhou'));
    expect(error.code).toBe('throttled');
    expect(error.apiCode).toBe('Throttling.Api');
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => r.action)).toEqual(['DescribeInstances', 'DescribeInstances', 'DescribeInstances']);
    const delays = sent.slice(1).map((r) => Number(r.headers['x-acs-retry-delay']));
    expect(delays[0]).toBeGreaterThanOrEqual(256);
    expect(delays[0]).toBeLessThanOrEqual(512);
    expect(delays[1]).toBeGreaterThanOrEqual(1000);
    expect(delays[1]).toBeLessThanOrEqual(2000);
  });

  it('ServiceUnavailable is retried (by code); forever → service_unavailable after 3 attempts', async () => {
    const once = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: once, times: 1, fault: { kind: 'error', code: 'ServiceUnavailable', status: 503 } });
    await client().describeInstance(once, 'cn-hangzhou');
    expect(fake.calls('DescribeInstances').filter((r) => r.instanceId === once)).toHaveLength(2);

    const always = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: always, fault: { kind: 'error', code: 'ServiceUnavailable', status: 503 } });
    const error = await failure(client().describeInstance(always, 'cn-hangzhou'));
    expect(error.code).toBe('service_unavailable');
    expect(fake.calls('DescribeInstances').filter((r) => r.instanceId === always)).toHaveLength(3);
  });

  it('the secondary calls are retried too (throttled DescribeEipAddresses once)', async () => {
    const id = 'i-bp1eipthrottle000001';
    fake.addInstance({
      instance: fakeInstance({ InstanceId: id, PublicIpAddress: { IpAddress: [] }, EipAddress: { AllocationId: 'eip-bp1zzz', IpAddress: '47.1.1.1', InternetChargeType: 'PayByTraffic', Bandwidth: 5 } }),
      enis: [fakeEni({ InstanceId: id })],
      eips: [{ AllocationId: 'eip-bp1zzz', IpAddress: '47.1.1.1', ChargeType: 'PostPaid', InternetChargeType: 'PayByTraffic', Bandwidth: '5', InstanceId: id, Status: 'InUse' }],
    });
    fake.fault({ action: 'DescribeEipAddresses', instanceId: id, times: 1, fault: { kind: 'throttle', retryAfterMs: 50 } });
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.publicIp).toMatchObject({ kind: 'EIP', chargeType: 'PostPaid', bandwidth: 5 });
    expect(fake.calls('DescribeEipAddresses').filter((r) => r.instanceId === id)).toHaveLength(2);
  });
});

describe('timeouts and the network', () => {
  it('an answer slower than the read timeout → timeout, not retried', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, fault: { kind: 'delay', ms: 1500 } });
    const error = await failure(client({ readTimeoutMs: 300, connectTimeoutMs: 3000 }).describeInstance(id, 'cn-hangzhou'));
    expect(error.code).toBe('timeout');
    expect(error.messages.en).toContain('no complete answer within 0.3 s');
    expect(error.messages.en).toContain(fake.ecsEndpoint.replace('http://', ''));
    expect(fake.calls('DescribeInstances').filter((r) => r.instanceId === id)).toHaveLength(1);
  });

  it('documents the SDK: its connect timeout is also the idle timeout, so a silent server times out at it', async () => {
    const id = freshInstance();
    fake.fault({ action: 'DescribeInstances', instanceId: id, fault: { kind: 'delay', ms: 1500 } });
    const error = await failure(client({ connectTimeoutMs: 300, readTimeoutMs: 5000 }).describeInstance(id, 'cn-hangzhou'));
    expect(error.code).toBe('timeout');
    expect(error.messages.en).toContain('within 0.3 s');
  });

  it('connection refused', async () => {
    const port = await freePort();
    const env = envFor(fake, home.path, { NETBOT_ECS_ENDPOINT: `http://127.0.0.1:${port}` });
    const error = await failure(client({}, env).describeInstance(ID, 'cn-hangzhou'));
    expect(error.code).toBe('connection_refused');
    expect(error.messages.en).toContain(`127.0.0.1:${port}`);
    expect(error.messages.en).toContain('ECONNREFUSED');
  });

  it('the loopback guard of these tests works: the real regional endpoint is refused before any lookup', async () => {
    expect(() => connect({ host: '100.100.100.200', port: 80 })).toThrow(/only loopback/);
    const env = envFor(fake, home.path, { NETBOT_ECS_ENDPOINT: undefined, NETBOT_VPC_ENDPOINT: undefined });
    const before = fake.requests.length;
    const error = await failure(client({}, env).describeInstance(ID, 'cn-hangzhou'));
    expect(error.code).toBe('api_error');
    expect(fake.requests.length).toBe(before);
  });
});

describe('credentials', () => {
  const noCredentialsEnv = () => ({
    HOME: home.path,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    NETBOT_ECS_ENDPOINT: fake.ecsEndpoint,
    NETBOT_VPC_ENDPOINT: fake.vpcEndpoint,
  });

  it('none anywhere → no_credentials saying how to configure them, no call made; creating the client did not throw', async () => {
    const before = fake.requests.length;
    const c = createCloudClient(noCredentialsEnv());
    const error = await failure(c.describeInstance(ID, 'cn-hangzhou'));
    expect(error.code).toBe('no_credentials');
    expect(fake.requests.length).toBe(before);
    for (const lang of ['zh', 'en'] as const) {
      for (const hint of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN', '~/.alibabacloud/credentials', 'RAM']) {
        expect(error.messages[lang]).toContain(hint);
      }
    }
    expect(error.messages.en).toContain('ecs_ram_role (ALIBABA_CLOUD_ECS_METADATA_DISABLED)');
  });

  it('a provider that never answers is bounded → no_credentials, no call made', async () => {
    const before = fake.requests.length;
    const hanging = { getCredentials: () => new Promise<never>(() => {}), getProviderName: () => 'hang' };
    const error = await failure(client({ credentials: hanging, credentialsTimeoutMs: 200 }).describeInstance(ID, 'cn-hangzhou'));
    expect(error.code).toBe('no_credentials');
    expect(error.messages.en).toContain('within 0.2 s');
    expect(fake.requests.length).toBe(before);
  });

  it('a profile in ~/.alibabacloud/credentials (HOME from the env) is used', async () => {
    const profileHome = emptyHome();
    try {
      mkdirSync(join(profileHome.path, '.alibabacloud'));
      writeFileSync(join(profileHome.path, '.alibabacloud', 'credentials'), `[default]\ntype = access_key\naccess_key_id = ${AK}\naccess_key_secret = ${SECRET}\n`);
      const env = { ...noCredentialsEnv(), HOME: profileHome.path };
      const before = fake.requests.length;
      const { instance } = await client({}, env).describeInstance(ID, 'cn-hangzhou');
      expect(instance.instanceId).toBe(ID);
      expect(fake.requests.slice(before).map((r) => [r.problem, r.headers['x-acs-credentials-provider']])).toEqual([[undefined, 'profile/static_ak'], [undefined, 'profile/static_ak']]);
    } finally {
      profileHome.remove();
    }
  });

  it('STS credentials from the env send the token, which the fake checks', async () => {
    const env = envFor(fake, home.path, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tSTSRECOGNISABLE0002', ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN });
    const before = fake.requests.length;
    await client({}, env).describeInstance(ID, 'cn-hangzhou');
    expect(fake.requests.slice(before).every((r) => !r.problem && r.headers['x-acs-security-token'] === TOKEN)).toBe(true);

    const wrongToken = envFor(fake, home.path, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tSTSRECOGNISABLE0002', ALIBABA_CLOUD_SECURITY_TOKEN: `${TOKEN}x` });
    expect((await failure(client({}, wrongToken).describeInstance(ID, 'cn-hangzhou'))).code).toBe('invalid_access_key');
  });

  it('a wrong secret fails the fake signature check → signature_mismatch', async () => {
    const env = envFor(fake, home.path, { ALIBABA_CLOUD_ACCESS_KEY_SECRET: `${SECRET}-wrong` });
    const before = fake.requests.length;
    const error = await failure(client({}, env).describeInstance(ID, 'cn-hangzhou'));
    expect(error.code).toBe('signature_mismatch');
    expect(fake.requests.slice(before).map((r) => r.problem)).toEqual(['signature']);
  });

  it('an unknown key id → invalid_access_key (the fake echoes the id; the message does not)', async () => {
    const env = envFor(fake, home.path, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tUNKNOWNRECOGNISABLE9' });
    const error = await failure(client({}, env).describeInstance(ID, 'cn-hangzhou'));
    expect(error.code).toBe('invalid_access_key');
    expect(JSON.stringify(error)).not.toContain('LTAI5tUNKNOWNRECOGNISABLE9');
  });

  it('a clock 1 hour off → clock_skew (the fake checks x-acs-date for real)', async () => {
    fake.setClockOffset(3600_000);
    try {
      const error = await failure(client().describeInstance(ID, 'cn-hangzhou'));
      expect(error.code).toBe('clock_skew');
      expect(fake.requests.at(-1)!.problem).toBe('x-acs-date more than 15 minutes off');
    } finally {
      fake.setClockOffset(0);
    }
  });
});

describe('input is checked before any call', () => {
  it.each([
    ['bp67acfmxazb4ph7ts1q', 'bad_instance_id'],
    ['I-BP67ACFMXAZB4PH7TS1Q', 'bad_instance_id'],
    ['i-bp67', 'bad_instance_id'],
    ['i-bp67acfmxazb4ph7ts1q; DROP', 'bad_instance_id'],
    ['', 'bad_instance_id'],
  ])('instance %j → %s', async (instanceId, code) => {
    const before = fake.requests.length;
    const error = await failure(client().describeInstance(instanceId, 'cn-hangzhou'));
    expect(error.code).toBe(code);
    expect(error.messages.en).toContain('i-bp67acfmxazb4ph7ts1q');
    expect(fake.requests.length).toBe(before);
  });

  it.each(['hangzhou', 'cn_hangzhou', 'cn-', 'CN-HANGZHOU', 'cn-hangzhou.aliyuncs.com', 'x'.repeat(50)])('region %j → bad_region', async (region) => {
    const before = fake.requests.length;
    const error = await failure(client().describeInstance(ID, region));
    expect(error.code).toBe('bad_region');
    expect(error.messages.en).toContain('cn-hangzhou');
    expect(fake.requests.length).toBe(before);
  });

  it('a bad endpoint override → bad_endpoint naming the variable, no call; the client was still created', async () => {
    const env = envFor(fake, home.path, { NETBOT_VPC_ENDPOINT: 'http://user:pw@127.0.0.1:1/path' });
    const c = createCloudClient(env);
    const before = fake.requests.length;
    const error = await failure(c.describeInstance(ID, 'cn-hangzhou'));
    expect(error.code).toBe('bad_endpoint');
    expect(error.messages.en).toContain('NETBOT_VPC_ENDPOINT');
    expect(fake.requests.length).toBe(before);
  });
});

describe('secrets', () => {
  it('no error message, error field or log event of this file contains the key id, secret or token', () => {
    expect(seenErrors.length).toBeGreaterThan(30);
    expect(seenEvents.length).toBeGreaterThan(30);
    const everything = JSON.stringify([seenErrors.map((e) => ({ ...e, message: e.message, stack: e.stack })), seenEvents]);
    for (const secret of [AK, SECRET, TOKEN, 'LTAI5tSTSRECOGNISABLE0002']) expect(everything).not.toContain(secret);
  });

  it('the fake really saw them (so the check above is not vacuous)', () => {
    expect(fake.requests.some((r) => String(r.headers.authorization).includes(AK))).toBe(true);
  });
});

it('a fresh fake with no keys at all refuses everything (sanity of the fake under the SDK)', async () => {
  const bare = await startFakeOpenApi({ keys: {} });
  try {
    const env = envFor(bare, home.path);
    expect((await failure(createCloudClient(env).describeInstance(ID, 'cn-hangzhou'))).code).toBe('invalid_access_key');
    expect(bare.requests.map((r) => r.problem)).toEqual(['unknown AccessKey id']);
  } finally {
    await bare.close();
  }
});
