import { CloudError } from '../cloud/errors.js';
import type { FetchedFacts } from '../cloud/facts.js';
import { isValidInstanceId, isValidRegionId, regionFromEnv } from '../cloud/validate.js';
import { cloudStrings } from '../i18n/cloud.js';
import { commonStrings } from '../i18n/common.js';
import { instanceStrings as S } from '../i18n/instance.js';
import { fill, type Bilingual, type Lang } from '../i18n/lang.js';
import { cloudClientOf } from './cloud-client.js';
import { echo } from './echo.js';
import { CommandFailure, parsed, rejected, type Parsed, type Services } from './types.js';

/** Which instance to look up, and where: checked before any call. */
export interface CloudTarget {
  instanceId: string;
  regionId: string;
  /** Where the region came from: --region, or ALIBABA_CLOUD_REGION_ID. */
  regionSource: 'flag' | 'env';
}

export { looksLikeInstanceId } from './instance-id.js';

/** Instance id and region, validated with src/cloud's own checks: a bad one is refused with what is accepted. */
export function parseTarget(rawId: string, regionFlag: string | undefined, env: Services['env'], lang: Lang): Parsed<CloudTarget> {
  const instanceId = rawId.trim();
  if (!isValidInstanceId(instanceId)) return rejected('bad_instance_id', fill(cloudStrings.bad_instance_id[lang], { instanceId: echo(instanceId, 64) }));
  if (regionFlag !== undefined) {
    const regionId = regionFlag.trim();
    if (!isValidRegionId(regionId)) return rejected('bad_region', fill(cloudStrings.bad_region[lang], { region: echo(regionId, 64) }));
    return parsed({ instanceId, regionId, regionSource: 'flag' });
  }
  const fromEnv = regionFromEnv(env);
  if (fromEnv === undefined) return rejected('no_region', S.noRegion[lang]);
  if (!isValidRegionId(fromEnv)) return rejected('bad_region', fill(S.badEnvRegion[lang], { region: echo(fromEnv, 64) }));
  return parsed({ instanceId, regionId: fromEnv, regionSource: 'env' });
}

/** Why an instance's facts could not be read: the CloudError's code, its message in both languages, its RequestId. */
export interface LiveFactsFailure {
  code: string;
  message: Bilingual;
  /** null when no call was answered (e.g. no credentials). */
  requestId: string | null;
}

function liveFactsFailure(error: unknown): LiveFactsFailure {
  if (error instanceof CloudError) return { code: error.code, message: error.messages, requestId: error.requestId ?? null };
  return { code: 'internal', message: commonStrings.internal, requestId: null };
}

/**
 * The facts of one instance, or why they could not be read, in both languages: for a reply that goes on
 * without them (triage keeps its runbook when there are no credentials).
 */
export async function readInstance(target: CloudTarget, services: Services): Promise<{ fetched: FetchedFacts } | { failure: LiveFactsFailure }> {
  try {
    const client = await cloudClientOf(services);
    return { fetched: await client.describeInstance(target.instanceId, target.regionId) };
  } catch (error) {
    return { failure: liveFactsFailure(error) };
  }
}

/** The facts of one instance; any failure becomes a CommandFailure with the cloud's code and RequestId, in `lang`. */
export async function fetchInstance(target: CloudTarget, services: Services, lang: Lang): Promise<FetchedFacts> {
  const read = await readInstance(target, services);
  if ('fetched' in read) return read.fetched;
  const { code, message, requestId } = read.failure;
  throw new CommandFailure({ code, message: message[lang], requestId });
}
