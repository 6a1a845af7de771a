import { CloudError } from '../cloud/errors.js';
import type { FetchedFacts } from '../cloud/facts.js';
import { isValidInstanceId, isValidRegionId, regionFromEnv } from '../cloud/validate.js';
import { cloudStrings } from '../i18n/cloud.js';
import { commonStrings } from '../i18n/common.js';
import { instanceStrings as S } from '../i18n/instance.js';
import { fill, type Lang } from '../i18n/lang.js';
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

/** A word the user meant as an instance id ("i-…"), valid or not: it is then checked, not read as free text. */
export const looksLikeInstanceId = (word: string): boolean => /^i-/i.test(word.trim());

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

/**
 * A cloud failure as the command's failure, in the user's language: the CloudError's code and message, and
 * its RequestId (null when no call was answered, e.g. no credentials).
 */
export function cloudFailure(error: unknown, lang: Lang): CommandFailure {
  if (error instanceof CloudError) return new CommandFailure({ code: error.code, message: error.messages[lang], requestId: error.requestId ?? null });
  return new CommandFailure({ code: 'internal', message: commonStrings.internal[lang], requestId: null });
}

/** The facts of one instance; any failure becomes a CommandFailure with the cloud's code and RequestId. */
export async function fetchInstance(target: CloudTarget, services: Services, lang: Lang): Promise<FetchedFacts> {
  const client = await cloudClientOf(services);
  try {
    return await client.describeInstance(target.instanceId, target.regionId);
  } catch (error) {
    throw cloudFailure(error, lang);
  }
}
