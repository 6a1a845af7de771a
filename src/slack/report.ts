import type { Lang } from '../i18n/lang.js';
import type { Block } from '../render/doc.js';
import { reportDoc } from '../render/report.js';
import { buildReport } from '../report/build.js';
import type { Deps } from './deps.js';
import { slackStrings } from './strings.js';

const S = slackStrings.report;
const WEEK_MS = 7 * 86_400_000;

export const isMaintainer = (deps: Pick<Deps, 'config'>, user: string | undefined): boolean => Boolean(user && deps.config.maintainers.has(user));

/** `/ecs-ask report` (maintainers only): the words that ask for the report rather than ask a question. */
export const REPORT_REQUEST = /^\s*(?:report|报告)\s*$/i;

/** The App Home's maintainer section: a title, the report, where to get the full one. */
export async function maintainerBlocks(deps: Deps, lang: Lang): Promise<Block[]> {
  return [{ type: 'divider' }, { type: 'header', text: S.homeTitle[lang] }, ...(await reportBlocks(deps, lang)), { type: 'context', text: S.homeHint[lang] }];
}

/** The gaps report of the last week as Doc blocks; a store that cannot be read is said plainly. */
export async function reportBlocks(deps: Deps, lang: Lang): Promise<Block[]> {
  if (!deps.recorder.recording) return [{ type: 'text', text: S.recordingOff[lang] }];
  const now = deps.services.now();
  const since = new Date(now.getTime() - WEEK_MS);
  try {
    const rows = await deps.recorder.rowsSince(since);
    return reportDoc(buildReport(rows, { since, now, kb: deps.services.kb, lang }), lang).blocks;
  } catch (error) {
    deps.logger.warn(`report unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return [{ type: 'text', text: S.unavailable[lang] }];
  }
}
