import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CredentialChain, NoCredentialsError, type Source } from '../../src/cloud/credentials.js';
import { createCloudClient, type CloudError } from '../../src/cloud/index.js';
import { DEFAULT_CREDENTIALS_TIMEOUT_MS } from '../../src/cloud/ecs.js';
import { emptyHome, guardLoopback } from './setup.js';

/**
 * Issue #17: the credential search is bounded as the README says (5 s), whatever a source does. The slow
 * source is faked (a metadata service that never answers) and the clock too: the outcome is read, not timed.
 */
let unguard: () => void;
let home: ReturnType<typeof emptyHome>;
beforeAll(() => {
  unguard = guardLoopback();
  home = emptyHome();
});
afterAll(() => {
  home.remove();
  unguard();
});
afterEach(() => {
  vi.useRealTimers();
});

const never = (name: string, asked: string[]): Source => ({
  name,
  make: () => ({
    getProviderName: () => name,
    getCredentials: () => {
      asked.push(name);
      return new Promise<never>(() => {});
    },
  }),
});
const none = (name: string, asked: string[]): Source => ({
  name,
  make: () => ({
    getProviderName: () => name,
    getCredentials: async () => {
      asked.push(name);
      throw new Error(`${name}: not configured`);
    },
  }),
});

/** The settled outcome of a promise so far: pending, or what it resolved or rejected with. */
function settle<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

describe('the credential search is bounded', () => {
  it('the README says 5 s, and so does the default', () => {
    expect(DEFAULT_CREDENTIALS_TIMEOUT_MS).toBe(5000);
  });

  it('a metadata service that never answers: the chain keeps waiting until the bound, then gives up naming what it tried', async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const chain = new CredentialChain([none('profile', asked), never('ecs_ram_role', asked), none('credentials_uri', asked)], DEFAULT_CREDENTIALS_TIMEOUT_MS);
    const outcome = settle(chain.getCredentials());
    await vi.advanceTimersByTimeAsync(DEFAULT_CREDENTIALS_TIMEOUT_MS - 1);
    expect(outcome.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome.done).toBe(true);
    expect(outcome.error).toBeInstanceOf(NoCredentialsError);
    expect((outcome.error as NoCredentialsError).tried).toEqual(['profile', 'ecs_ram_role']);
    expect((outcome.error as NoCredentialsError).timedOutAfterMs).toBe(5000);
    expect(asked).toEqual(['profile', 'ecs_ram_role']);
  });

  it('the client answers no_credentials at the bound, saying so, with nothing sent to the API', async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const slow = never('ecs_ram_role', asked).make()!;
    // No endpoint override: a call would go to the real regional endpoint, which the loopback guard refuses.
    const client = createCloudClient({ HOME: home.path, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }, { credentials: slow });
    const outcome = settle(client.describeInstance('i-bp67acfmxazb4ph7ts1q', 'cn-hangzhou'));
    await vi.advanceTimersByTimeAsync(DEFAULT_CREDENTIALS_TIMEOUT_MS);
    expect(outcome.done).toBe(true);
    const error = outcome.error as CloudError;
    expect(error.code).toBe('no_credentials');
    expect(error.messages.en).toMatch(/^No Alibaba Cloud credentials within 5 s/);
    expect(error.messages.zh).toMatch(/^在 5 秒内没有取得阿里云访问凭证/);
    expect(asked).toEqual(['ecs_ram_role']);
  });

  it('off ECS the metadata service is not asked at all: the search ends by itself, before any bound, naming why', async () => {
    // Real timers: the answer must come from walking the chain, and the message says whether the bound ended it.
    const client = createCloudClient({ HOME: home.path }, { host: 'other' });
    const error = (await client.describeInstance('i-bp67acfmxazb4ph7ts1q', 'cn-hangzhou').then(
      () => undefined,
      (e: unknown) => e,
    )) as CloudError;
    expect(error.code).toBe('no_credentials');
    expect(error.messages.en).toContain('ecs_ram_role (not on ECS)');
    expect(error.messages.en).toMatch(/^No Alibaba Cloud credentials found \(tried: cli_profile, profile,/);
  });
});
