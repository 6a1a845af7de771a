/**
 * Where the credentials come from: the order of @alicloud/credentials' default chain (DefaultCredentialsProvider),
 * built from that package's own providers, but reading the `env` it is given instead of process.env (the SDK's
 * chain reads process.env itself, so tests could neither inject keys nor keep it off the metadata service).
 *
 *   1. env: ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN)
 *   2. oidc: ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE (RRSA)
 *   3. cli_profile: ~/.aliyun/config.json (unless ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)
 *   4. profile: ~/.alibabacloud/credentials, profile ALIBABA_CLOUD_PROFILE or "default"
 *   5. ecs_ram_role: the instance RAM role from the metadata service (unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)
 *   6. credentials_uri: ALIBABA_CLOUD_CREDENTIALS_URI
 *
 * "~" is env.HOME. Three differences from the SDK's chain: a source is remembered only once it has given
 * credentials (the SDK's sticks to the last one it tried, even a failed one); the whole lookup is bounded in
 * time (DEFAULT_CREDENTIALS_TIMEOUT_MS, 5 s: the metadata service may be a black hole off ECS); and the
 * metadata service is not asked at all on a machine that says it is not ECS (its DMI product name, as
 * cloud-init reads it), unless a role is named (ALIBABA_CLOUD_ECS_METADATA). The package itself offers only
 * ALIBABA_CLOUD_ECS_METADATA_DISABLED and per-request timeouts. Nothing here throws at construction.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { CredentialsProvider as SdkCredentialsProvider } from '@alicloud/credentials';
import { Creds } from './sdk.js';
import { isTrue } from './env.js';
import type { Env } from './validate.js';

export type CredentialsProvider = SdkCredentialsProvider;
type Credentials = Awaited<ReturnType<CredentialsProvider['getCredentials']>>;

/** One source of the chain: its name, and how to make its provider (undefined: not configured). */
export interface Source {
  name: string;
  make(): CredentialsProvider | undefined;
}

/** How long the metadata service may take per request (the SDK's default, stated so it cannot grow). */
const METADATA_TIMEOUT_MS = 1000;

/** What the machine says it is: an ECS instance, something else, or nothing readable (Windows, macOS, some sandboxes). */
export type HostKind = 'ecs' | 'other' | 'unknown';

/** The DMI files cloud-init reads to tell an ECS instance ("Alibaba Cloud ECS"), and the vendor older ones give. */
const DMI_FILES = ['/sys/class/dmi/id/product_name', '/sys/class/dmi/id/sys_vendor'];

/** ECS, other or unknown from the DMI strings; `read` throws for a file that cannot be read. */
export function probeHost(read: (path: string) => string = (path) => readFileSync(path, 'utf8'), platform: string = process.platform): HostKind {
  if (platform !== 'linux') return 'unknown';
  const values = DMI_FILES.flatMap((path) => {
    try {
      return [read(path).trim()];
    } catch {
      return [];
    }
  });
  if (!values.length) return 'unknown';
  return values.some((v) => /^Alibaba Cloud/i.test(v)) ? 'ecs' : 'other';
}

/** Whether the chain asks the metadata service: not when disabled, nor on a machine that is not ECS unless a role is named. */
const usesMetadata = (env: Env, host: HostKind) => !isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED) && (host !== 'other' || !!env.ALIBABA_CLOUD_ECS_METADATA?.trim());

/** The sources the chain will try for this environment, in order (`host`: what probeHost says of this machine). */
export function credentialSources(env: Env, host: HostKind = probeHost()): Source[] {
  const home = env.HOME || homedir();
  const sources: Source[] = [];
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim();
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim();
  if (id && secret) {
    const token = env.ALIBABA_CLOUD_SECURITY_TOKEN?.trim();
    sources.push({
      name: 'env',
      make: () =>
        token
          ? Creds.StaticSTSCredentialsProvider.builder().withAccessKeyId(id).withAccessKeySecret(secret).withSecurityToken(token).build()
          : Creds.StaticAKCredentialsProvider.builder().withAccessKeyId(id).withAccessKeySecret(secret).build(),
    });
  }
  const roleArn = env.ALIBABA_CLOUD_ROLE_ARN?.trim();
  const oidcProviderArn = env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN?.trim();
  const oidcTokenFile = env.ALIBABA_CLOUD_OIDC_TOKEN_FILE?.trim();
  if (roleArn && oidcProviderArn && oidcTokenFile) {
    sources.push({
      name: 'oidc',
      make: () => {
        const builder = Creds.OIDCRoleArnCredentialsProvider.builder()
          .withRoleArn(roleArn)
          .withOIDCProviderArn(oidcProviderArn)
          .withOIDCTokenFilePath(oidcTokenFile)
          .withRoleSessionName(env.ALIBABA_CLOUD_ROLE_SESSION_NAME?.trim() || 'ecs-netbot');
        const stsRegion = env.ALIBABA_CLOUD_STS_REGION?.trim();
        if (stsRegion) builder.withStsRegionId(stsRegion);
        if (isTrue(env.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED)) builder.withEnableVpc(true);
        return builder.build();
      },
    });
  }
  const profileName = env.ALIBABA_CLOUD_PROFILE?.trim() || undefined;
  if (!isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED)) {
    sources.push({ name: 'cli_profile', make: () => withHome(Creds.CLIProfileCredentialsProvider.builder().withProfileName(profileName as string).build(), home) });
  }
  sources.push({
    name: 'profile',
    make: () => withHome(Creds.ProfileCredentialsProvider.builder().withProfileName(profileName ?? 'default').build(), home),
  });
  if (usesMetadata(env, host)) {
    sources.push({
      name: 'ecs_ram_role',
      make: () => {
        const builder = Creds.ECSRAMRoleCredentialsProvider.builder()
          .withConnectTimeout(METADATA_TIMEOUT_MS)
          .withReadTimeout(METADATA_TIMEOUT_MS)
          .withDisableIMDSv1(isTrue(env.ALIBABA_CLOUD_IMDSV1_DISABLED));
        const role = env.ALIBABA_CLOUD_ECS_METADATA?.trim();
        if (role) builder.withRoleName(role);
        return builder.build();
      },
    });
  }
  const uri = env.ALIBABA_CLOUD_CREDENTIALS_URI?.trim();
  if (uri) sources.push({ name: 'credentials_uri', make: () => Creds.URICredentialsProvider.builder().withCredentialsURI(uri).build() });
  return sources;
}

/** The sources skipped for this environment and why, for the no_credentials message (names, never values). */
export function skippedSources(env: Env, host: HostKind = probeHost()): string[] {
  const skipped: string[] = [];
  if (!env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim() || !env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim()) skipped.push('env (not set)');
  if (isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED)) skipped.push('cli_profile (disabled)');
  if (isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED)) skipped.push('ecs_ram_role (ALIBABA_CLOUD_ECS_METADATA_DISABLED)');
  else if (!usesMetadata(env, host)) skipped.push('ecs_ram_role (not on ECS)');
  return skipped;
}

/**
 * The profile providers read the home directory once, into a field the package keeps for its own tests; set
 * it from env.HOME so the chain reads the env it was given. (The credentials-file override,
 * ALIBABA_CLOUD_CREDENTIALS_FILE, is still read by the package from process.env.)
 */
function withHome<T extends CredentialsProvider>(provider: T, home: string): T {
  (provider as unknown as { homedir: string }).homedir = home;
  return provider;
}

/** The chain found nothing (or took too long): `tried` names the sources, never their values. */
export class NoCredentialsError extends Error {
  constructor(
    readonly tried: string[],
    readonly timedOutAfterMs?: number,
  ) {
    super(timedOutAfterMs ? `no credentials within ${timedOutAfterMs} ms` : 'no credentials');
    this.name = 'NoCredentialsError';
  }
}

const usable = (c: Credentials | undefined): c is Credentials => !!c?.accessKeyId && !!c.accessKeySecret;

/** The chain, as a provider the SDK's Credential class accepts. */
export class CredentialChain implements CredentialsProvider {
  private chosen: CredentialsProvider | undefined;
  private chosenName = '';
  private pending: Promise<Credentials> | undefined;

  constructor(
    private readonly sources: Source[],
    private readonly timeoutMs: number,
  ) {}

  getProviderName(): string {
    return this.chosenName ? `netbot/${this.chosenName}` : 'netbot';
  }

  /** Bounded: rejects with NoCredentialsError when nothing gives credentials within timeoutMs. */
  getCredentials(): Promise<Credentials> {
    // Concurrent first calls share one walk of the chain (one metadata round trip, not one per call).
    this.pending ??= this.bounded().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async bounded(): Promise<Credentials> {
    const tried: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NoCredentialsError([...tried], this.timeoutMs)), this.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([this.walk(tried), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async walk(tried: string[]): Promise<Credentials> {
    if (this.chosen) {
      tried.push(this.chosenName);
      const credentials = await this.chosen.getCredentials().catch(() => undefined);
      if (usable(credentials)) return credentials;
      // It stopped working (an expired role, a removed file): look again from the start.
      this.chosen = undefined;
      this.chosenName = '';
      tried.length = 0;
    }
    for (const source of this.sources) {
      tried.push(source.name);
      try {
        const provider = source.make();
        if (!provider) continue;
        const credentials = await provider.getCredentials();
        if (usable(credentials)) {
          this.chosen = provider;
          this.chosenName = source.name;
          return credentials;
        }
      } catch {
        // The source is not configured here, or failed: try the next one.
      }
    }
    throw new NoCredentialsError(tried);
  }
}
