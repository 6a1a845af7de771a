/**
 * createCloudClient: read-only facts about one ECS instance, through Alibaba Cloud's official SDKs
 * (@alicloud/ecs20140526, @alicloud/vpc20160428 on @alicloud/openapi-core, signed ACS3-HMAC-SHA256).
 *
 * Calls made, all read-only: ECS DescribeInstances (and the same with DryRun=true when the list is empty),
 * ECS DescribeNetworkInterfaces (VPC instances: classic ones have no ENIs), VPC DescribeEipAddresses (only
 * when the instance has an EIP), and, only when asked (triage's security-group checks), ECS
 * DescribeSecurityGroupAttribute for each security group of the instance and its ENIs. Nothing here can write:
 * no other action is called.
 *
 * The SDK packages are CommonJS, loaded through ./sdk.ts: `.default` of each is its client class.
 */
import { assembleFacts, eipAllocationId, isVpc, type SdkEip, type SdkEni } from './assemble.js';
import { TtlCache } from '../util/ttl-cache.js';
import { CredentialChain, NoCredentialsError, credentialSources, probeHost, skippedSources, type CredentialsProvider, type HostKind } from './credentials.js';
import { cloudError, CloudError, isPermissionCode, toCloudError, type CallContext, type CloudErrorCode } from './errors.js';
import type { FetchedFacts, FetchedSecurityGroups, InstanceFacts } from './facts.js';
import { retryOptions } from './retry.js';
import { groupFacts, securityGroupIdsOf, type SdkGroup } from './security-groups.js';
import { $dara, Creds, Ecs, OpenApi, Vpc } from './sdk.js';
import { endpointOverride, isValidInstanceId, isValidRegionId, type Endpoint, type Env, type Product } from './validate.js';

const EcsClient = Ecs.default;
const VpcClient = Vpc.default;
const Config = OpenApi.$OpenApiUtil.Config;
const Credential = Creds.default;
type EcsClientT = InstanceType<typeof EcsClient>;
type VpcClientT = InstanceType<typeof VpcClient>;

export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
export const DEFAULT_READ_TIMEOUT_MS = 8000;
export const DEFAULT_CREDENTIALS_TIMEOUT_MS = 5000;
export const CACHE_TTL_MS = 30_000;
export const CACHE_MAX_ENTRIES = 500;
/** Regions with an SDK client kept (a client is bound to one regional endpoint). */
const MAX_REGION_CLIENTS = 64;

/** Every action this module may call: tests assert nothing else was. */
export const READ_ACTIONS = ['DescribeInstances', 'DescribeNetworkInterfaces', 'DescribeEipAddresses', 'DescribeSecurityGroupAttribute'] as const;
/** DescribeSecurityGroupAttribute: rules per page (the API's maximum), and the most pages read per group. */
const RULES_PER_PAGE = 1000;
const MAX_RULE_PAGES = 10;

export interface CloudClientOptions {
  /**
   * Given to the SDK as Config.connectTimeout. In this SDK version (httpx 2.3) it is also the socket's idle
   * timeout: an answer that starts later than this is a timeout too, whatever readTimeoutMs says.
   */
  connectTimeoutMs?: number;
  /** Config.readTimeout: from the connection to the end of the answer. */
  readTimeoutMs?: number;
  /** How long the credentials chain may take (the metadata service can be a black hole). */
  credentialsTimeoutMs?: number;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  /** The clock (ms since epoch), for the cache and fetchedAt. */
  now?: () => number;
  /** Replaces the credentials chain (an embedding program's own provider; tests). */
  credentials?: CredentialsProvider;
  /** What this machine is, for the chain (whether to ask the metadata service); default: probeHost(). */
  host?: HostKind;
  /** Told about every API call made: never given credentials. */
  log?: (event: CloudCallEvent) => void;
}

/** One API call, for logs and metrics. */
export interface CloudCallEvent {
  action: string;
  regionId: string;
  instanceId: string;
  dryRun: boolean;
  ok: boolean;
  ms: number;
  requestId?: string;
  code?: CloudErrorCode;
  apiCode?: string;
}

export interface CloudClient {
  /**
   * The facts of one instance. Rejects with a CloudError (never anything else): bad_instance_id / bad_region /
   * bad_endpoint before any call, no_credentials before any call, else the API's answer mapped by code.
   */
  describeInstance(instanceId: string, regionId: string): Promise<FetchedFacts>;
  /**
   * The rules (both directions, IPv4 and IPv6) of every security group of the instance and of its ENIs, read
   * with DescribeSecurityGroupAttribute (for a classic-network instance, its Internet and intranet rules).
   * Same timeouts, retries, errors and cache (per region and group) as describeInstance; rejects with a CloudError.
   */
  describeSecurityGroups(instance: SecurityGroupsOf): Promise<FetchedSecurityGroups>;
}

/** What describeSecurityGroups needs of an instance's facts. */
export type SecurityGroupsOf = Pick<InstanceFacts, 'instanceId' | 'regionId' | 'networkType' | 'securityGroupIds' | 'enis'>;

/** One group's answers (its pages, for one NicType), cached as the API gave them. */
interface GroupAnswer {
  pages: SdkGroup[];
  requestIds: string[];
  fetchedAt: number;
}

interface RegionClients {
  ecs: EcsClientT;
  vpc: VpcClientT;
}

/** Shown in an error message: at most 64 printable characters of what the user typed. */
const shown = (value: string) => value.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 64);

export function createCloudClient(env: Env, opts: CloudClientOptions = {}): CloudClient {
  const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const readTimeoutMs = opts.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const now = opts.now ?? Date.now;
  const custom = opts.credentials;
  const host = custom ? 'unknown' : (opts.host ?? probeHost());
  const chainSources = custom ? [{ name: 'custom', make: () => custom }] : credentialSources(env, host);
  // Bounded in time whatever the provider (a custom one too).
  const chain = new CredentialChain(chainSources, opts.credentialsTimeoutMs ?? DEFAULT_CREDENTIALS_TIMEOUT_MS);
  const sources = chainSources.map((s) => s.name);
  // The SDK's Credential class around the chain: the SDK asks it again on each attempt (cheap: it remembers).
  const credential = new Credential(null, chain);
  const lookups = <V>(): Lookups<V> => ({ cache: new TtlCache<V>(opts.cacheTtlMs ?? CACHE_TTL_MS, opts.cacheMaxEntries ?? CACHE_MAX_ENTRIES, now), inFlight: new Map() });
  const instanceLookups = lookups<FetchedFacts>();
  const groupLookups = lookups<GroupAnswer>();
  const regions = new Map<string, RegionClients>();
  const log = (event: CloudCallEvent) => {
    try {
      opts.log?.(event);
    } catch {
      // A failing logger must not fail the lookup.
    }
  };
  const envSecrets = [env.ALIBABA_CLOUD_ACCESS_KEY_ID, env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_SECURITY_TOKEN]
    .map((s) => s?.trim() ?? '')
    .filter(Boolean);

  function endpoints(): Record<Product, Endpoint | undefined> {
    const result = {} as Record<Product, Endpoint | undefined>;
    for (const product of ['ecs', 'vpc'] as const) {
      const override = endpointOverride(env, product);
      if (override && 'error' in override) {
        throw cloudError('bad_endpoint', { variable: override.error, endpoint: shown(override.value) });
      }
      result[product] = override;
    }
    return result;
  }

  function clientsFor(regionId: string, endpoint: Record<Product, Endpoint | undefined>): RegionClients {
    const existing = regions.get(regionId);
    if (existing) return existing;
    const config = (product: Product) =>
      new Config({
        credential,
        regionId,
        ...(endpoint[product] ? { endpoint: endpoint[product]!.host, protocol: endpoint[product]!.protocol } : {}),
        connectTimeout: connectTimeoutMs,
        readTimeout: readTimeoutMs,
        retryOptions: retryOptions(),
        userAgent: 'ecs-netbot',
      });
    const clients = { ecs: new EcsClient(config('ecs')), vpc: new VpcClient(config('vpc')) };
    if (regions.size >= MAX_REGION_CLIENTS) regions.delete(regions.keys().next().value as string);
    regions.set(regionId, clients);
    return clients;
  }

  async function credentialsOrThrow(): Promise<string[]> {
    try {
      const c = await chain.getCredentials();
      return [c.accessKeyId, c.accessKeySecret, c.securityToken ?? ''].filter(Boolean);
    } catch (error) {
      const tried = error instanceof NoCredentialsError ? error.tried : sources;
      const timedOut = error instanceof NoCredentialsError ? error.timedOutAfterMs : undefined;
      const skipped = custom ? [] : skippedSources(env, host);
      const values = { tried: [...(tried.length ? tried : sources), ...skipped].join(', ') || '-', seconds: (timedOut ?? 0) / 1000 };
      throw cloudError('no_credentials', values, timedOut ? { template: 'no_credentials_timeout' } : {});
    }
  }

  /** One SDK call: timed, logged, its failure mapped to a CloudError. */
  const caller =
    (regionId: string, instanceId: string, secrets: readonly string[]) =>
    async <T>(action: string, client: { _endpoint: string }, dryRun: boolean, run: () => Promise<T>, requestIdOf: (r: T) => string | undefined): Promise<T> => {
      const started = Date.now();
      const ctx: CallContext = { action, regionId, instanceId, endpoint: client._endpoint, connectTimeoutMs, readTimeoutMs, secrets };
      try {
        const result = await run();
        log({ action, regionId, instanceId, dryRun, ok: true, ms: Date.now() - started, ...defined({ requestId: requestIdOf(result) }) });
        return result;
      } catch (error) {
        const mapped = toCloudError(error, ctx);
        // A dry run that passes answers with the error code DryRunOperation: for the log, that is a success.
        const ok = dryRun && mapped.apiCode === 'DryRunOperation';
        log({ action, regionId, instanceId, dryRun, ok, ms: Date.now() - started, code: mapped.code, ...defined({ requestId: mapped.requestId, apiCode: mapped.apiCode }) });
        throw mapped;
      }
    };
  const runtime = () => new $dara.RuntimeOptions({});

  async function fetchFacts(instanceId: string, regionId: string): Promise<FetchedFacts> {
    const endpoint = endpoints();
    const secrets = [...envSecrets, ...(await credentialsOrThrow())];
    const { ecs, vpc } = clientsFor(regionId, endpoint);
    const call = caller(regionId, instanceId, secrets);

    const describe = (dryRun: boolean) =>
      call(
        'DescribeInstances',
        ecs,
        dryRun,
        () =>
          ecs.describeInstancesWithOptions(
            new Ecs.DescribeInstancesRequest({
              regionId,
              instanceIds: JSON.stringify([instanceId]),
              // Adds the primary ENI's IPv6 addresses to NetworkInterfaces (the SDK sends AdditionalAttributes.1=…).
              additionalAttributes: ['NETWORK_PRIMARY_ENI_IP'],
              ...(dryRun ? { dryRun: true } : {}),
            }),
            runtime(),
          ),
        (r) => r.body?.requestId,
      );

    const fetchedAt = new Date(now());
    const listed = await describe(false);
    const requestId = listed.body?.requestId ?? '';
    const instance = listed.body?.instances?.instance?.find((i) => i.instanceId === instanceId);
    if (!instance) throw await explainEmpty(() => describe(true), { instanceId, region: regionId }, requestId);

    const [enis, eip] = await Promise.all([
      isVpc(instance)
        ? call(
            'DescribeNetworkInterfaces',
            ecs,
            false,
            () => ecs.describeNetworkInterfacesWithOptions(new Ecs.DescribeNetworkInterfacesRequest({ regionId, instanceId, maxResults: 100 }), runtime()),
            (r) => r.body?.requestId,
          ).then((r): SdkEni[] => r.body?.networkInterfaceSets?.networkInterfaceSet ?? [])
        : Promise.resolve([]),
      eipAllocationId(instance)
        ? call(
            'DescribeEipAddresses',
            vpc,
            false,
            () =>
              vpc.describeEipAddressesWithOptions(
                new Vpc.DescribeEipAddressesRequest({ regionId, associatedInstanceType: 'EcsInstance', associatedInstanceId: instanceId }),
                runtime(),
              ),
            (r) => r.body?.requestId,
          ).then((r): SdkEip | undefined => {
            const all = r.body?.eipAddresses?.eipAddress ?? [];
            return all.find((e) => e.allocationId === eipAllocationId(instance)) ?? all[0];
          })
        : Promise.resolve(undefined),
    ]);

    return { instance: assembleFacts(instance, regionId, enis, eip), fetchedAt, requestId, fromCache: false };
  }

  /** Every page of one group's rules for one NicType (both directions). */
  async function fetchGroup(groupId: string, nicType: 'intranet' | 'internet', regionId: string, instanceId: string): Promise<GroupAnswer> {
    const endpoint = endpoints();
    const secrets = [...envSecrets, ...(await credentialsOrThrow())];
    const { ecs } = clientsFor(regionId, endpoint);
    const call = caller(regionId, instanceId, secrets);
    const fetchedAt = now();
    const pages: SdkGroup[] = [];
    const requestIds: string[] = [];
    let nextToken: string | undefined;
    do {
      const request = new Ecs.DescribeSecurityGroupAttributeRequest({
        regionId,
        securityGroupId: groupId,
        direction: 'all',
        nicType,
        maxResults: RULES_PER_PAGE,
        ...(nextToken ? { nextToken } : {}),
      });
      const answer = await call('DescribeSecurityGroupAttribute', ecs, false, () => ecs.describeSecurityGroupAttributeWithOptions(request, runtime()), (r) => r.body?.requestId);
      if (answer.body) pages.push(answer.body);
      if (answer.body?.requestId) requestIds.push(answer.body.requestId);
      nextToken = answer.body?.nextToken?.trim() || undefined;
    } while (nextToken && pages.length < MAX_RULE_PAGES);
    return { pages, requestIds, fetchedAt };
  }

  /** One group's answer for one NicType: cached, and shared with a lookup of it already running. */
  async function groupAnswer(groupId: string, nicType: 'intranet' | 'internet', regionId: string, instanceId: string): Promise<GroupAnswer & { fromCache: boolean }> {
    const { value, fromCache } = await once(groupLookups, `${regionId}/${groupId}/${nicType}`, 'DescribeSecurityGroupAttribute', () => fetchGroup(groupId, nicType, regionId, instanceId), (a) => a.fetchedAt);
    return { ...value, fromCache };
  }

  return {
    async describeSecurityGroups(instance: SecurityGroupsOf): Promise<FetchedSecurityGroups> {
      const instanceId = String(instance.instanceId ?? '').trim();
      const regionId = String(instance.regionId ?? '').trim();
      if (!isValidInstanceId(instanceId)) throw cloudError('bad_instance_id', { instanceId: shown(instanceId) });
      if (!isValidRegionId(regionId)) throw cloudError('bad_region', { region: shown(regionId) });
      // A VPC group has only intranet rules (they cover the Internet too); a classic one keeps the two apart.
      const nicTypes = instance.networkType === 'classic' ? (['internet', 'intranet'] as const) : (['intranet'] as const);
      const ids = securityGroupIdsOf(instance);
      const answers = await Promise.all(ids.map((id) => Promise.all(nicTypes.map((nic) => groupAnswer(id, nic, regionId, instanceId)))));
      const all = answers.flat();
      const fetchedAt = all.length ? Math.min(...all.map((a) => a.fetchedAt)) : now();
      return {
        groups: ids.map((id, i) => groupFacts(id, answers[i]!.flatMap((a) => a.pages))),
        fetchedAt: new Date(fetchedAt),
        requestIds: all.flatMap((a) => a.requestIds),
        fromCache: all.length > 0 && all.every((a) => a.fromCache),
      };
    },

    async describeInstance(rawInstanceId: string, rawRegionId: string): Promise<FetchedFacts> {
      const instanceId = String(rawInstanceId ?? '').trim();
      const regionId = String(rawRegionId ?? '').trim();
      if (!isValidInstanceId(instanceId)) throw cloudError('bad_instance_id', { instanceId: shown(instanceId) });
      if (!isValidRegionId(regionId)) throw cloudError('bad_region', { region: shown(regionId) });

      const { value, fromCache } = await once(instanceLookups, `${regionId}/${instanceId}`, 'DescribeInstances', () => fetchFacts(instanceId, regionId), (f) => f.fetchedAt.getTime());
      // Each caller gets its own copy: a cached answer is shared.
      return { ...value, instance: structuredClone(value.instance), fromCache };
    },
  };
}

/** Answers kept for the TTL, and the lookups running now (a second ask waits for the first). */
interface Lookups<V> {
  cache: TtlCache<V>;
  inFlight: Map<string, Promise<V>>;
}

/**
 * One lookup: from the cache, else shared with the same lookup already running, else fetched and cached from
 * when it was fetched. Only CloudErrors leave it (a bug below still gets a stable code, and no stack of the SDK).
 */
async function once<V>(lookups: Lookups<V>, key: string, action: string, fetch: () => Promise<V>, fetchedAt: (value: V) => number): Promise<{ value: V; fromCache: boolean }> {
  const cached = lookups.cache.get(key);
  if (cached) return { value: cached, fromCache: true };
  const pending = lookups.inFlight.get(key);
  if (pending) return { value: await pending, fromCache: true };
  const fetching = fetch()
    .then((value) => {
      lookups.cache.set(key, value, fetchedAt(value));
      return value;
    })
    .catch((error: unknown) => {
      if (error instanceof CloudError) throw error;
      throw cloudError('api_error', { action, detail: error instanceof Error ? error.name : 'error' });
    })
    .finally(() => lookups.inFlight.delete(key));
  lookups.inFlight.set(key, fetching);
  return { value: await fetching, fromCache: false };
}

/**
 * An empty list means an unknown id, or (for a RAM user without ecs:DescribeInstances, before ECS answered
 * such calls with Forbidden.RAM) no permission. DryRun tells them apart: it answers DryRunOperation when
 * the call would be allowed, a Forbidden/NoPermission code when not.
 */
async function explainEmpty(dryRun: () => Promise<unknown>, values: { instanceId: string; region: string }, requestId: string): Promise<CloudError> {
  try {
    await dryRun();
    // A 2xx to a dry run is not documented: the list was empty all the same.
    return cloudError('not_found', values, { requestId, action: 'DescribeInstances' });
  } catch (error) {
    const code = error instanceof CloudError ? error.apiCode : undefined;
    if (code === 'DryRunOperation') return cloudError('not_found', values, { requestId, action: 'DescribeInstances' });
    if (isPermissionCode(code) && error instanceof CloudError) {
      return cloudError('no_permission', values, { ...defined({ requestId: error.requestId ?? requestId, apiCode: code }), action: 'DescribeInstances' });
    }
    return error instanceof CloudError ? error : cloudError('api_error', { action: 'DescribeInstances', detail: 'DryRun' });
  }
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
