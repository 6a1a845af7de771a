/**
 * Shared by the test/cloud files: recognisable test keys, a fake OpenAPI, the env that points the real SDK at
 * it, and a guard that fails any TCP connection to anything but loopback (the metadata service at
 * 100.100.100.200 or a real aliyuncs.com endpoint would be a bug in the test or in the code).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createCloudClient, type CloudClientOptions } from '../../src/cloud/index.js';
import { startFakeOpenApi, type FakeOpenApi } from '../support/fake-openapi.js';

export const AK = 'LTAI5tRECOGNISABLEkeyid01';
export const SECRET = 'RECOGNISABLEsecretValue0123456789abcd';
export const TOKEN = 'CAIS.RECOGNISABLE.sts.token.value.0001';

/** A home directory with no ~/.alibabacloud or ~/.aliyun, so the profile sources find nothing. */
export function emptyHome(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'netbot-cloud-home-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startFake(extraKeys: Record<string, { secret: string; token?: string }> = {}): Promise<FakeOpenApi> {
  return startFakeOpenApi({ keys: { [AK]: { secret: SECRET }, ...extraKeys } });
}

/** The env of a test: static keys, the metadata service off, endpoints on the fake. */
export function envFor(fake: FakeOpenApi, home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    HOME: home,
    ALIBABA_CLOUD_ACCESS_KEY_ID: AK,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    NETBOT_ECS_ENDPOINT: fake.ecsEndpoint,
    NETBOT_VPC_ENDPOINT: fake.vpcEndpoint,
    ...extra,
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Makes every TCP connect to a non-loopback host throw; returns the function that undoes it. */
export function guardLoopback(): () => void {
  const original = Socket.prototype.connect;
  Socket.prototype.connect = function guarded(this: Socket, ...args: unknown[]) {
    // net.connect passes its normalised [options, callback]; socket.connect(port, host) passes them apart.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const host = typeof first === 'object' && first !== null ? (first as { host?: unknown }).host : args[1];
    // No host: an IPC path, or a port on localhost.
    if (typeof host === 'string' && !LOOPBACK.test(host)) throw new Error(`test tried to connect to ${host}: only loopback is allowed`);
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  return () => {
    Socket.prototype.connect = original;
  };
}

/** Every action the fake saw was a read action. */
export function onlyReads(fake: FakeOpenApi): boolean {
  return fake.requests.every((r) => ['DescribeInstances', 'DescribeNetworkInterfaces', 'DescribeEipAddresses', 'DescribeSecurityGroupAttribute'].includes(r.action));
}

/** API-style time (minutes, UTC, Z): 2026-11-30T08:00Z. */
export function apiTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + 'Z';
}

/**
 * One test file's fake OpenAPI (loopback only, an empty home directory), every request checked after each test
 * to be a read the fake understood; `client` is the real SDK client pointed at it, its clock at `now`.
 */
export function useFakeCloud(now: number) {
  let fake: FakeOpenApi;
  let home: ReturnType<typeof emptyHome>;
  let unguard: () => void;
  beforeAll(async () => {
    unguard = guardLoopback();
    home = emptyHome();
    fake = await startFake();
  });
  afterEach(() => {
    expect(onlyReads(fake)).toBe(true);
    expect(fake.requests.filter((r) => r.problem)).toEqual([]);
  });
  afterAll(async () => {
    await fake.close();
    home.remove();
    unguard();
  });
  return {
    get fake() {
      return fake;
    },
    client: (opts: CloudClientOptions = {}) => createCloudClient(envFor(fake, home.path), { now: () => now, ...opts }),
    /** How many requests the fake has had so far. */
    since: () => fake.requests.length,
  };
}
