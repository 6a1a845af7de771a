/**
 * A fake Alibaba Cloud OpenAPI for tests: ECS (2014-05-26) and VPC (2016-04-28), one node:http server each on
 * 127.0.0.1 (random ports), that the REAL SDK talks to over http through the endpoint overrides.
 *
 * Every request is verified as the service would, independently of the SDK's code (the V3 signature is
 * recomputed here from the request as received): x-acs-action / x-acs-version, the ACS3-HMAC-SHA256
 * Authorization (canonical request = method, path, sorted RFC 3986 query, signed headers host / x-acs-* /
 * content-type, hashed payload), x-acs-content-sha256 against the body, x-acs-date within 15 minutes, the STS
 * token, x-acs-signature-nonce never reused, and each action's parameters (RegionId, InstanceIds as a JSON
 * array, …). A failed check answers the error code the real API would, and is recorded with the reason.
 *
 * Answers use the documented PascalCase shapes. Scenarios are programmed per instance (addInstance), per
 * security group (addSecurityGroup: DescribeSecurityGroupAttribute's rules, by Direction, NicType and page) and per
 * call (fault: an error code with a chosen status, throttling with x-acs-retry-after, a delay, an empty
 * list whose DryRun says permitted or forbidden). Every request is recorded (requests) so tests can assert
 * the calls made and that no write action was ever called. Always close() it.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeProduct = 'ecs' | 'vpc';
const VERSIONS: Record<FakeProduct, string> = { ecs: '2014-05-26', vpc: '2016-04-28' };
/** The read actions the fake answers; anything else is recorded as a write attempt and refused. */
export const FAKE_READ_ACTIONS: Record<FakeProduct, readonly string[]> = {
  ecs: ['DescribeInstances', 'DescribeNetworkInterfaces', 'DescribeSecurityGroupAttribute'],
  vpc: ['DescribeEipAddresses'],
};
const MAX_SKEW_MS = 15 * 60 * 1000;
const REQUIRED_SIGNED = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];

type Json = Record<string, unknown>;

export interface FakeKey {
  secret: string;
  /** When set, requests with this key must carry it as x-acs-security-token (STS). */
  token?: string;
}

export interface FakeOpenApiOptions {
  /** AccessKey id → secret (and STS token). */
  keys: Record<string, FakeKey>;
  /** The fake's clock runs this far ahead of the real one (to simulate a skewed client clock). */
  clockOffsetMs?: number;
}

export type Fault =
  /** Answers this error code with this HTTP status (the SDK maps by code; the status is what the real API sends). */
  | { kind: 'error'; code: string; status: number; message?: string; authAction?: string }
  /** Throttling (HTTP 400 by default), with x-acs-retry-after when retryAfterMs is given. */
  | { kind: 'throttle'; code?: string; status?: number; retryAfterMs?: number }
  /** Waits, then answers normally (if the client is still there). */
  | { kind: 'delay'; ms: number }
  /** DescribeInstances lists nothing; its DryRun answers DryRunOperation (permitted) or Forbidden.RAM. */
  | { kind: 'empty'; dryRun: 'permitted' | 'forbidden' };

export interface FaultRule {
  action: string;
  /** Only requests about this instance (InstanceIds[0], InstanceId or AssociatedInstanceId). */
  instanceId?: string;
  /** Only requests about this security group (SecurityGroupId). */
  securityGroupId?: string;
  /** Only dry runs (true) or only real calls (false); both when unset. */
  dryRun?: boolean;
  /** How many matching requests it applies to; unset: all. */
  times?: number;
  fault: Fault;
}

export interface RecordedRequest {
  product: FakeProduct;
  action: string;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  query: Record<string, string>;
  instanceId?: string;
  /** SecurityGroupId, for DescribeSecurityGroupAttribute. */
  securityGroupId?: string;
  dryRun: boolean;
  /** Date.now() when it arrived. */
  at: number;
  status?: number;
  /** The error code answered, if any. */
  code?: string;
  /** The RequestId answered. */
  requestId?: string;
  /** Why a verification failed (signature, nonce, parameters, …). */
  problem?: string;
}

export interface FakeInstanceRecord {
  /** The DescribeInstances entry, PascalCase as the API returns it. */
  instance: Json;
  /** DescribeNetworkInterfaces entries (NetworkInterfaceSet). */
  enis?: Json[];
  /** DescribeEipAddresses entries (EipAddress). */
  eips?: Json[];
}

export interface FakeSecurityGroupRecord {
  /** The group's own fields, PascalCase: SecurityGroupId, RegionId, VpcId (absent: classic), InnerAccessPolicy, … */
  group: Json;
  /** Its rules (Permission entries, PascalCase, each with Direction and, for a classic group, NicType). */
  permissions: Json[];
}

export interface FakeOpenApi {
  /** http://127.0.0.1:PORT of each product. */
  ecsEndpoint: string;
  vpcEndpoint: string;
  requests: RecordedRequest[];
  addInstance(record: FakeInstanceRecord): void;
  addSecurityGroup(record: FakeSecurityGroupRecord): void;
  fault(rule: FaultRule): void;
  setClockOffset(ms: number): void;
  /** The recorded requests of one action (verified or not). */
  calls(action: string): RecordedRequest[];
  /** Sends a recorded request again, as it was (or changed by `edit`): for tests of the fake itself. */
  replay(recorded: RecordedRequest, edit?: (r: { url: string; headers: Record<string, string> }) => void): Promise<{ status: number; body: Json }>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// The V3 signature, from the published algorithm (not from the SDK's code).

/** RFC 3986 percent-encoding: unreserved characters stay, everything else is %XX (space is %20, * is %2A). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The query as key → value, decoded ('+' read as a space, as form encoding has it). */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));
      return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
}

export function canonicalQuery(pairs: Array<[string, string]>): string {
  return pairs
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The expected Signature of a request, given the secret: the canonical request, hashed, HMAC'd. */
export function v3Signature(input: {
  method: string;
  path: string;
  rawQuery: string;
  headers: IncomingMessage['headers'];
  signedHeaders: string[];
  payloadHash: string;
  secret: string;
}): string {
  const headerValue = (name: string) => {
    const value = input.headers[name];
    return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
  };
  const canonicalHeaders = input.signedHeaders.map((name) => `${name}:${headerValue(name)}\n`).join('');
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path || '/',
    canonicalQuery(parseQuery(input.rawQuery)),
    canonicalHeaders,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  return createHmac('sha256', input.secret).update(stringToSign).digest('hex');
}

// ---------------------------------------------------------------------------------------------------------

class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly problem: string,
  ) {}
}

export async function startFakeOpenApi(options: FakeOpenApiOptions): Promise<FakeOpenApi> {
  const requests: RecordedRequest[] = [];
  const instances = new Map<string, FakeInstanceRecord>();
  const securityGroups = new Map<string, FakeSecurityGroupRecord>();
  const rules: FaultRule[] = [];
  const nonces = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let clockOffsetMs = options.clockOffsetMs ?? 0;

  const servers: Record<FakeProduct, Server> = {
    ecs: createServer((req, res) => void handle('ecs', req, res)),
    vpc: createServer((req, res) => void handle('vpc', req, res)),
  };
  for (const server of Object.values(servers)) server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));

  function verify(product: FakeProduct, req: IncomingMessage, rawQuery: string, body: Buffer, action: string): void {
    const h = req.headers;
    if (!action) throw new Refusal(400, 'MissingParameter', 'The input parameter "Action" that is mandatory for processing this request is not supplied.', 'no x-acs-action');
    if (h['x-acs-version'] !== VERSIONS[product]) {
      throw new Refusal(400, 'InvalidVersion', `Specified parameter Version is not valid: ${String(h['x-acs-version'])}`, `version ${String(h['x-acs-version'])} is not ${VERSIONS[product]}`);
    }
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(String(h.authorization ?? ''));
    if (!auth) throw new Refusal(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.', 'no or malformed Authorization');
    const [, accessKeyId = '', signedList = '', signature = ''] = auth;
    const key = options.keys[accessKeyId];
    // Echoes the key id, as some services do, so tests can check that the client's messages redact it.
    if (!key) throw new Refusal(404, 'InvalidAccessKeyId.NotFound', `Specified access key is not found: ${accessKeyId}`, 'unknown AccessKey id');

    const date = String(h['x-acs-date'] ?? '');
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(date)) throw new Refusal(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.', 'x-acs-date format');
    if (Math.abs(Date.now() + clockOffsetMs - Date.parse(date)) > MAX_SKEW_MS) {
      throw new Refusal(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.', 'x-acs-date more than 15 minutes off');
    }

    const signed = signedList.split(';');
    const sortedUnique = [...new Set(signed)].sort();
    if (signed.join(';') !== sortedUnique.join(';') || signed.some((n) => n !== n.toLowerCase())) {
      throw new Refusal(400, 'IncompleteSignature', 'SignedHeaders must be lowercase, sorted and unique.', 'SignedHeaders not canonical');
    }
    const mustSign = [...REQUIRED_SIGNED, ...Object.keys(h).filter((n) => n.startsWith('x-acs-')), ...(h['content-type'] ? ['content-type'] : [])];
    const unsigned = mustSign.filter((n) => !signed.includes(n));
    if (unsigned.length) throw new Refusal(400, 'IncompleteSignature', `These headers must be signed: ${unsigned.join(', ')}`, `unsigned headers ${unsigned.join(',')}`);
    const missing = signed.filter((n) => h[n] === undefined);
    if (missing.length) throw new Refusal(400, 'IncompleteSignature', `Signed headers are missing: ${missing.join(', ')}`, `signed but absent ${missing.join(',')}`);

    const payloadHash = sha256Hex(body);
    if (h['x-acs-content-sha256'] !== payloadHash) throw new Refusal(400, 'SignatureDoesNotMatch', 'x-acs-content-sha256 does not match the body.', 'payload hash');

    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const expected = v3Signature({ method: req.method ?? 'GET', path, rawQuery, headers: h, signedHeaders: signed, payloadHash, secret: key.secret });
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      throw new Refusal(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.', 'signature');
    }

    const token = h['x-acs-security-token'];
    if ((key.token ?? '') !== (token ?? '') || (token !== undefined && h['x-acs-accesskey-id'] !== accessKeyId)) {
      throw new Refusal(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'The security token does not match the AccessKey.', 'security token');
    }

    const nonce = String(h['x-acs-signature-nonce'] ?? '');
    if (!nonce || nonces.has(nonce)) throw new Refusal(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.', 'nonce reused');
    nonces.add(nonce);
  }

  function checkParameters(action: string, query: Record<string, string>): void {
    if (!query.RegionId) throw new Refusal(400, 'MissingRegionId', 'RegionId is mandatory for this action.', 'no RegionId');
    if (action === 'DescribeInstances' && query.InstanceIds !== undefined) {
      let ids: unknown;
      try {
        ids = JSON.parse(query.InstanceIds);
      } catch {
        ids = undefined;
      }
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
        throw new Refusal(400, 'InvalidInstanceIds.Malformed', 'The specified parameter InstanceIds is not valid.', `InstanceIds is not a JSON array: ${query.InstanceIds}`);
      }
    }
    if (action === 'DescribeNetworkInterfaces' && !query.InstanceId) throw new Refusal(400, 'MissingParameter', 'InstanceId is expected here.', 'no InstanceId');
    if (action === 'DescribeSecurityGroupAttribute') {
      if (!query.SecurityGroupId) throw new Refusal(400, 'MissingSecurityGroupId', 'SecurityGroupId is mandatory for this action.', 'no SecurityGroupId');
      if (query.Direction !== undefined && !['all', 'ingress', 'egress'].includes(query.Direction)) {
        throw new Refusal(400, 'InvalidDirection.Malformed', 'The specified parameter Direction is not valid.', `Direction ${query.Direction}`);
      }
      if (query.NicType !== undefined && !['internet', 'intranet'].includes(query.NicType)) {
        throw new Refusal(400, 'InvalidNicType.ValueNotSupported', 'The specified parameter NicType is not valid.', `NicType ${query.NicType}`);
      }
      const max = query.MaxResults === undefined ? 500 : Number(query.MaxResults);
      if (!Number.isInteger(max) || max < 10 || max > 1000) throw new Refusal(400, 'InvalidMaxResults.Malformed', 'MaxResults must be 10 to 1000.', `MaxResults ${query.MaxResults}`);
    }
    if (action === 'DescribeEipAddresses' && query.AssociatedInstanceId && query.AssociatedInstanceType !== 'EcsInstance') {
      throw new Refusal(400, 'InvalidParameter', 'AssociatedInstanceType must be given with AssociatedInstanceId.', 'AssociatedInstanceType');
    }
  }

  function instanceIdOf(action: string, query: Record<string, string>): string | undefined {
    if (action === 'DescribeInstances') {
      try {
        const ids = JSON.parse(query.InstanceIds ?? '[]') as unknown;
        return Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined;
      } catch {
        return undefined;
      }
    }
    return query.InstanceId ?? query.AssociatedInstanceId;
  }

  function takeFault(action: string, instanceId: string | undefined, dryRun: boolean, securityGroupId?: string): Fault | undefined {
    const rule = rules.find(
      (r) =>
        r.action === action &&
        (r.instanceId === undefined || r.instanceId === instanceId) &&
        (r.securityGroupId === undefined || r.securityGroupId === securityGroupId) &&
        (r.dryRun === undefined || r.dryRun === dryRun) &&
        (r.times === undefined || r.times > 0),
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times--;
    return rule.fault;
  }

  const page = (total: number) => ({ TotalCount: total, PageNumber: 1, PageSize: 10 });

  function answer(product: FakeProduct, action: string, query: Record<string, string>, dryRun: boolean, emptyFault?: Fault): [number, Json] {
    const requestId = randomUUID().toUpperCase();
    if (action === 'DescribeInstances') {
      if (dryRun) {
        if (emptyFault?.kind === 'empty' && emptyFault.dryRun === 'forbidden') return [403, forbiddenBody(requestId, product, 'ecs:DescribeInstances')];
        return [400, errorBody(requestId, product, 'DryRunOperation', 'Request validation has been passed with DryRun flag set.')];
      }
      const ids = JSON.parse(query.InstanceIds ?? '[]') as string[];
      const wanted = emptyFault?.kind === 'empty' ? [] : ids;
      const withIpv6 = Object.entries(query).some(([k, v]) => k.startsWith('AdditionalAttributes') && v === 'NETWORK_PRIMARY_ENI_IP');
      const found = wanted
        .map((id) => instances.get(id)?.instance)
        .filter((i): i is Json => !!i && i.RegionId === query.RegionId)
        .map((i) => (withIpv6 ? structuredClone(i) : withoutInstanceIpv6(i)));
      return [200, { RequestId: requestId, ...page(found.length), NextToken: '', Instances: { Instance: found } }];
    }
    if (action === 'DescribeNetworkInterfaces') {
      const record = instances.get(query.InstanceId ?? '');
      const enis = record && record.instance.RegionId === query.RegionId ? structuredClone(record.enis ?? []) : [];
      return [200, { RequestId: requestId, ...page(enis.length), NextToken: '', NetworkInterfaceSets: { NetworkInterfaceSet: enis } }];
    }
    if (action === 'DescribeSecurityGroupAttribute') return securityGroupAnswer(product, query, requestId);
    // DescribeEipAddresses
    const record = instances.get(query.AssociatedInstanceId ?? '');
    const eips = record && record.instance.RegionId === query.RegionId ? structuredClone(record.eips ?? []) : [];
    const chosen = query.AllocationId ? eips.filter((e) => e.AllocationId === query.AllocationId) : eips;
    return [200, { RequestId: requestId, ...page(chosen.length), EipAddresses: { EipAddress: chosen } }];
  }

  /**
   * DescribeSecurityGroupAttribute as documented: the group's fields and Permissions.Permission, filtered by
   * Direction (all by default) and NicType (a VPC group answers its intranet rules whatever is asked; a
   * classic group answers internet by default), MaxResults a page (500 by default) and NextToken.
   */
  function securityGroupAnswer(product: FakeProduct, query: Record<string, string>, requestId: string): [number, Json] {
    const record = securityGroups.get(query.SecurityGroupId ?? '');
    if (!record || record.group.RegionId !== query.RegionId) {
      return [404, errorBody(requestId, product, 'InvalidSecurityGroupId.NotFound', 'The specified SecurityGroupId does not exist.')];
    }
    const vpc = typeof record.group.VpcId === 'string' && record.group.VpcId !== '';
    const nicType = vpc ? 'intranet' : (query.NicType ?? 'internet');
    const direction = query.Direction ?? 'all';
    const matching = record.permissions.filter((p) => (direction === 'all' || p.Direction === direction) && (vpc || (p.NicType ?? 'internet') === nicType));
    const size = query.MaxResults === undefined ? 500 : Number(query.MaxResults);
    const start = query.NextToken ? Number(Buffer.from(query.NextToken, 'base64url').toString('utf8').replace(/^offset:/, '')) : 0;
    const pageRules = matching.slice(start, start + size);
    const next = start + size < matching.length ? Buffer.from(`offset:${start + size}`).toString('base64url') : '';
    return [200, { RequestId: requestId, RegionId: query.RegionId, ...structuredClone(record.group), NextToken: next, Permissions: { Permission: structuredClone(pageRules) } }];
  }

  function errorBody(requestId: string, product: FakeProduct, code: string, message: string): Json {
    return {
      RequestId: requestId,
      HostId: `${product}.aliyuncs.com`,
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=${product === 'ecs' ? 'Ecs' : 'Vpc'}&requestId=${requestId}`,
    };
  }

  function forbiddenBody(requestId: string, product: FakeProduct, authAction: string): Json {
    return {
      ...errorBody(requestId, product, 'Forbidden.RAM', "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
      AccessDeniedDetail: { AuthAction: authAction, PolicyType: 'AccountLevelIdentityBasedPolicy', NoPermissionType: 'ImplicitDeny' },
    };
  }

  function send(res: ServerResponse, record: RecordedRequest, status: number, body: Json, headers: Record<string, string> = {}): void {
    record.status = status;
    if (typeof body.Code === 'string') record.code = body.Code;
    if (typeof body.RequestId === 'string') record.requestId = body.RequestId;
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  async function handle(product: FakeProduct, req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = req.url ?? '/';
    const rawQuery = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const query = Object.fromEntries(parseQuery(rawQuery));
    const action = String(req.headers['x-acs-action'] ?? '');
    const dryRun = query.DryRun === 'true';
    const record: RecordedRequest = {
      product,
      action,
      method: req.method ?? 'GET',
      url,
      headers: { ...req.headers },
      body: body.toString('utf8'),
      query,
      dryRun,
      at: Date.now(),
      ...(instanceIdOf(action, query) ? { instanceId: instanceIdOf(action, query) } : {}),
      ...(query.SecurityGroupId ? { securityGroupId: query.SecurityGroupId } : {}),
    };
    requests.push(record);
    const requestId = randomUUID().toUpperCase();

    try {
      verify(product, req, rawQuery, body, action);
      if (!FAKE_READ_ACTIONS[product].includes(action)) {
        throw new Refusal(403, 'Forbidden.FakeWriteAction', `The fake answers read actions only, not ${action}.`, `not a read action: ${action}`);
      }
      checkParameters(action, query);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      record.problem = error.problem;
      send(res, record, error.status, errorBody(requestId, product, error.code, error.message));
      return;
    }

    let fault = takeFault(action, record.instanceId, dryRun, record.securityGroupId);
    if (fault?.kind === 'delay') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (timers.delete(timer), resolve()), fault && fault.kind === 'delay' ? fault.ms : 0);
        timers.add(timer);
      });
      fault = undefined;
    }
    if (fault?.kind === 'error') {
      const bodyJson = fault.code.startsWith('Forbidden') && fault.authAction ? { ...forbiddenBody(requestId, product, fault.authAction), Code: fault.code } : errorBody(requestId, product, fault.code, fault.message ?? `Fake error ${fault.code}.`);
      send(res, record, fault.status, bodyJson);
      return;
    }
    if (fault?.kind === 'throttle') {
      const headers: Record<string, string> = fault.retryAfterMs !== undefined ? { 'x-acs-retry-after': String(fault.retryAfterMs) } : {};
      send(res, record, fault.status ?? 400, errorBody(requestId, product, fault.code ?? 'Throttling.User', 'Request was denied due to user flow control.'), headers);
      return;
    }
    // The empty-list fault holds for the real call and its dry run alike.
    const empty = fault?.kind === 'empty' ? fault : rules.find((r) => r.action === action && r.fault.kind === 'empty' && (r.instanceId === undefined || r.instanceId === record.instanceId))?.fault;
    const [status, json] = answer(product, action, query, dryRun, empty);
    send(res, record, status, json);
  }

  await Promise.all(Object.values(servers).map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  const endpointOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  return {
    ecsEndpoint: endpointOf(servers.ecs),
    vpcEndpoint: endpointOf(servers.vpc),
    requests,
    addInstance(record) {
      instances.set(String(record.instance.InstanceId), structuredClone(record));
    },
    addSecurityGroup(record) {
      securityGroups.set(String(record.group.SecurityGroupId), structuredClone(record));
    },
    fault(rule) {
      rules.push({ ...rule });
    },
    setClockOffset(ms) {
      clockOffsetMs = ms;
    },
    calls(action) {
      return requests.filter((r) => r.action === action);
    },
    replay(recorded, edit) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(recorded.headers)) if (v !== undefined && k !== 'connection') headers[k] = Array.isArray(v) ? v.join(',') : v;
      const target = { url: recorded.url, headers };
      edit?.(target);
      const server = servers[recorded.product];
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: recorded.method, path: target.url, headers: target.headers, agent: false },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Json }));
          },
        );
        req.on('error', reject);
        req.end(recorded.body);
      });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all(Object.values(servers).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

/** DescribeInstances without AdditionalAttributes=NETWORK_PRIMARY_ENI_IP: no Ipv6Sets on its NetworkInterfaces. */
function withoutInstanceIpv6(instance: Json): Json {
  const copy = structuredClone(instance);
  const enis = (copy.NetworkInterfaces as { NetworkInterface?: Json[] } | undefined)?.NetworkInterface ?? [];
  for (const eni of enis) delete eni.Ipv6Sets;
  return copy;
}

// ---------------------------------------------------------------------------------------------------------
// Builders of realistic records (PascalCase, as DescribeInstances / DescribeNetworkInterfaces /
// DescribeEipAddresses return them). Overrides are shallow: pass whole sub-objects.

export function fakeInstance(overrides: Json = {}): Json {
  const id = String(overrides.InstanceId ?? 'i-bp67acfmxazb4ph7ts1q');
  const ip = '172.16.0.10';
  return {
    InstanceId: id,
    InstanceName: 'web-1',
    RegionId: 'cn-hangzhou',
    ZoneId: 'cn-hangzhou-h',
    InstanceType: 'ecs.g7.large',
    InstanceNetworkType: 'vpc',
    VpcAttributes: { VpcId: 'vpc-bp1opxu1zkhn00gzv26cq', VSwitchId: 'vsw-bp1ddbrxdlrcbim46rkq0', PrivateIpAddress: { IpAddress: [ip] }, NatIpAddress: '' },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: ['47.96.10.20'] },
    EipAddress: { AllocationId: '', IpAddress: '', InternetChargeType: '', Bandwidth: 0, IsSupportUnassociate: false },
    NetworkInterfaces: {
      NetworkInterface: [
        {
          NetworkInterfaceId: 'eni-bp1primary00000001',
          Type: 'Primary',
          PrimaryIpAddress: ip,
          MacAddress: '00:16:3e:12:34:56',
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: ip, Primary: true }] },
          Ipv6Sets: { Ipv6Set: [] },
        },
      ],
    },
    Status: 'Running',
    StoppedMode: 'Not-applicable',
    InstanceChargeType: 'PostPaid',
    InternetChargeType: 'PayByTraffic',
    InternetMaxBandwidthOut: 5,
    InternetMaxBandwidthIn: 100,
    CreationTime: '2026-11-30T08:00Z',
    ExpiredTime: '2099-12-31T15:59Z',
    OperationLocks: { LockReason: [] },
    ...overrides,
  };
}

export function fakeEni(overrides: Json = {}): Json {
  return {
    NetworkInterfaceId: 'eni-bp1primary00000001',
    Type: 'Primary',
    Status: 'InUse',
    InstanceId: 'i-bp67acfmxazb4ph7ts1q',
    VpcId: 'vpc-bp1opxu1zkhn00gzv26cq',
    VSwitchId: 'vsw-bp1ddbrxdlrcbim46rkq0',
    ZoneId: 'cn-hangzhou-h',
    MacAddress: '00:16:3e:12:34:56',
    PrivateIpAddress: '172.16.0.10',
    PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.10', Primary: true }] },
    Ipv6Sets: { Ipv6Set: [] },
    ...overrides,
  };
}

export function fakeEip(overrides: Json = {}): Json {
  return {
    AllocationId: 'eip-bp1abcdefgh1234567890',
    IpAddress: '47.100.1.1',
    ChargeType: 'PostPaid',
    InternetChargeType: 'PayByBandwidth',
    // The VPC API gives Bandwidth as a string.
    Bandwidth: '10',
    InstanceId: 'i-bp67acfmxazb4ph7ts1q',
    InstanceType: 'EcsInstance',
    Status: 'InUse',
    RegionId: 'cn-hangzhou',
    ...overrides,
  };
}

/** A security group record (a VPC group in cn-hangzhou, internal policy Accept) with these rules. */
export function fakeSecurityGroup(id: string, permissions: Json[], overrides: Json = {}): FakeSecurityGroupRecord {
  return {
    group: {
      SecurityGroupId: id,
      SecurityGroupName: `${id}-name`,
      Description: 'test group',
      RegionId: 'cn-hangzhou',
      VpcId: 'vpc-bp1opxu1zkhn00gzv26cq',
      InnerAccessPolicy: 'Accept',
      ...overrides,
    },
    permissions,
  };
}

let ruleCounter = 0;

/**
 * One Permission as DescribeSecurityGroupAttribute returns it: every documented field present, unused ones
 * empty (as the API sends them), Priority as the string the API writes. Defaults: inbound TCP 80 from
 * 0.0.0.0/0, Accept, priority 1.
 */
export function fakeRule(overrides: Json = {}): Json {
  return {
    SecurityGroupRuleId: `sgr-bp1rule${String(++ruleCounter).padStart(11, '0')}`,
    Direction: 'ingress',
    IpProtocol: 'TCP',
    PortRange: '80/80',
    SourcePortRange: '',
    Policy: 'Accept',
    Priority: '1',
    SourceCidrIp: '0.0.0.0/0',
    Ipv6SourceCidrIp: '',
    SourceGroupId: '',
    SourceGroupName: '',
    SourceGroupOwnerAccount: '',
    SourcePrefixListId: '',
    SourcePrefixListName: '',
    DestCidrIp: '',
    Ipv6DestCidrIp: '',
    DestGroupId: '',
    DestGroupName: '',
    DestGroupOwnerAccount: '',
    DestPrefixListId: '',
    DestPrefixListName: '',
    PortRangeListId: '',
    PortRangeListName: '',
    NicType: 'intranet',
    Description: '',
    CreateTime: '2026-11-01T08:00:00Z',
    ...overrides,
  };
}
