/**
 * The fake OpenAPI itself: what it verifies must fail when it should, or the tests built on it prove
 * nothing. Requests are the REAL SDK's (recorded, then replayed or edited) and hand-signed ones.
 */
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient } from '../../src/cloud/index.js';
import { canonicalQuery, fakeEni, fakeInstance, parseQuery, rfc3986, v3Signature, type FakeOpenApi, type RecordedRequest } from '../support/fake-openapi.js';
import { AK, emptyHome, envFor, guardLoopback, SECRET, startFake } from './setup.js';

let fake: FakeOpenApi;
let home: ReturnType<typeof emptyHome>;
let unguard: () => void;
let recorded: RecordedRequest;
const ID = 'i-bp1fakeself000000001';

beforeAll(async () => {
  unguard = guardLoopback();
  home = emptyHome();
  fake = await startFake();
  fake.addInstance({ instance: fakeInstance({ InstanceId: ID }), enis: [fakeEni({ InstanceId: ID })] });
  await createCloudClient(envFor(fake, home.path)).describeInstance(ID, 'cn-hangzhou');
  recorded = fake.calls('DescribeInstances')[0]!;
});
afterAll(async () => {
  await fake.close();
  home.remove();
  unguard();
});

describe('requests from the real SDK', () => {
  it('pass every check', () => {
    expect(fake.requests.map((r) => [r.action, r.status, r.problem])).toEqual([
      ['DescribeInstances', 200, undefined],
      ['DescribeNetworkInterfaces', 200, undefined],
    ]);
  });

  it('a replay of one (same nonce) is refused: SignatureNonceUsed', async () => {
    const answer = await fake.replay(recorded);
    expect(answer.status).toBe(400);
    expect(answer.body.Code).toBe('SignatureNonceUsed');
    expect(fake.requests.at(-1)!.problem).toBe('nonce reused');
  });

  it('a fresh nonce on a replay breaks the signature (the nonce is signed)', async () => {
    const answer = await fake.replay(recorded, (r) => (r.headers['x-acs-signature-nonce'] = randomUUID()));
    expect(answer.body.Code).toBe('SignatureDoesNotMatch');
    expect(fake.requests.at(-1)!.problem).toBe('signature');
  });

  it('a changed query parameter breaks the signature', async () => {
    const answer = await fake.replay(recorded, (r) => (r.url = r.url.replace('RegionId=cn-hangzhou', 'RegionId=cn-beijing')));
    expect(answer.body.Code).toBe('SignatureDoesNotMatch');
  });

  it('a changed body breaks the payload hash', async () => {
    const answer = await fake.replay({ ...recorded, body: 'x=1' }, (r) => (r.headers['content-length'] = '3'));
    expect(answer.body.Code).toBe('SignatureDoesNotMatch');
    expect(fake.requests.at(-1)!.problem).toBe('payload hash');
  });

  it('no Authorization → IncompleteSignature; an unsigned x-acs-* header → IncompleteSignature', async () => {
    expect((await fake.replay(recorded, (r) => delete r.headers.authorization)).body.Code).toBe('IncompleteSignature');
    const extra = await fake.replay(recorded, (r) => (r.headers['x-acs-extra'] = 'sneaked-in'));
    expect(extra.body.Code).toBe('IncompleteSignature');
    expect(fake.requests.at(-1)!.problem).toBe('unsigned headers x-acs-extra');
  });

  it('a version not of this product → InvalidVersion', async () => {
    expect((await fake.replay(recorded, (r) => (r.headers['x-acs-version'] = '2016-04-28'))).body.Code).toBe('InvalidVersion');
  });
});

/** A request signed here (not by the SDK), sent to the fake's ECS port. */
async function signedRequest(action: string, query: Record<string, string>, secret = SECRET, headers: Record<string, string> = {}) {
  const url = new URL(fake.ecsEndpoint);
  const rawQuery = Object.entries(query)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
  const h: Record<string, string> = {
    host: url.host,
    'x-acs-action': action,
    'x-acs-version': '2014-05-26',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': createHash('sha256').update('').digest('hex'),
    ...headers,
  };
  const signedHeaders = Object.keys(h).sort();
  const signature = v3Signature({ method: 'POST', path: '/', rawQuery, headers: h, signedHeaders, payloadHash: h['x-acs-content-sha256']!, secret });
  h.authorization = `ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: Number(url.port), method: 'POST', path: `/?${rawQuery}`, headers: h, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hand-signed requests', () => {
  it('a correct one is answered (the fake and the SDK agree on the signature, computed apart)', async () => {
    const answer = await signedRequest('DescribeInstances', { RegionId: 'cn-hangzhou', InstanceIds: JSON.stringify([ID]) });
    expect(answer.status).toBe(200);
    expect((answer.body.Instances as { Instance: unknown[] }).Instance).toHaveLength(1);
  });

  it('with the wrong secret → SignatureDoesNotMatch', async () => {
    const answer = await signedRequest('DescribeInstances', { RegionId: 'cn-hangzhou', InstanceIds: JSON.stringify([ID]) }, 'not-the-secret');
    expect(answer.body.Code).toBe('SignatureDoesNotMatch');
  });

  it('InstanceIds that is not a JSON array → InvalidInstanceIds.Malformed; no RegionId → MissingRegionId', async () => {
    expect((await signedRequest('DescribeInstances', { RegionId: 'cn-hangzhou', InstanceIds: ID })).body.Code).toBe('InvalidInstanceIds.Malformed');
    expect((await signedRequest('DescribeInstances', { InstanceIds: JSON.stringify([ID]) })).body.Code).toBe('MissingRegionId');
  });

  it('a write action is refused and recorded as one (so tests can assert none was ever called)', async () => {
    const answer = await signedRequest('ConvertNatPublicIpToEip', { RegionId: 'cn-hangzhou', InstanceId: ID });
    expect(answer.status).toBe(403);
    expect(fake.requests.at(-1)).toMatchObject({ action: 'ConvertNatPublicIpToEip', problem: 'not a read action: ConvertNatPublicIpToEip' });
  });

  it('a date more than 15 minutes off → InvalidTimeStamp.Expired', async () => {
    const answer = await signedRequest('DescribeInstances', { RegionId: 'cn-hangzhou' }, SECRET, { 'x-acs-date': '2020-01-01T00:00:00Z' });
    expect(answer.body.Code).toBe('InvalidTimeStamp.Expired');
  });
});

describe('canonical query (RFC 3986, sorted)', () => {
  it('encodes as the V3 spec says and sorts by encoded key', () => {
    expect(rfc3986("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
    expect(canonicalQuery(parseQuery('b=2&a=1&InstanceIds=%5B%22i-x%22%5D&c=x+y&d'))).toBe('InstanceIds=%5B%22i-x%22%5D&a=1&b=2&c=x%20y&d=');
  });
});
